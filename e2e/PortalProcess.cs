using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.E2E;

/// <summary>
/// The product as a developer runs it: Portal.Web's own build started as a separate process in
/// Development with <c>--seed-demo</c>, a fresh data directory and database (<see cref="TestDatabase"/>) and the development mail capture.
/// </summary>
public sealed partial class PortalProcess : IAsyncLifetime
{
    private readonly Process _process;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portal-e2e-").FullName;
    private readonly TestDatabase _database;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record DemoAccount(string Role, string Email, string Password, string TotpSecret);

    public string BaseUrl { get; }
    public Dictionary<string, DemoAccount> Accounts { get; } = [];

    public PortalProcess()
    {
        var port = FreePort();
        // localhost, not 127.0.0.1: a passkey's relying party must be a host name, and http://localhost is a secure context.
        BaseUrl = $"http://localhost:{port}";
        var root = RepositoryRoot();
        // Same build configuration as this test assembly (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Build the solution first: {dll} is missing.");

        _database = TestDatabase.Create(_dataDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, "Portal.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            dll, "--urls", BaseUrl, "--seed-demo",
            $"--Portal:DataDirectory={_dataDirectory}",
            $"--Notifications:PortalBaseUrl={BaseUrl}",
            $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}",
            .. _database.Settings.Select(setting => $"--{setting.Key}={setting.Value}"),
        ];
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task InitializeAsync()
    {
        var finished = await Task.WhenAny(_seeded.Task, Task.Delay(TimeSpan.FromSeconds(240)));
        if (finished != _seeded.Task || _process.HasExited)
            throw new InvalidOperationException("The portal did not start and seed in time:\n" + Output);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{BaseUrl}/health/ready")).StatusCode);
    }

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        var account = AccountLine().Match(line);
        if (account.Success)
        {
            var demo = new DemoAccount(account.Groups[1].Value, account.Groups[2].Value, account.Groups[3].Value, account.Groups[4].Value);
            lock (Accounts) Accounts[demo.Email] = demo;
        }
        // The seed's last line: the made-up audience is in place.
        if (line.Contains("made-up patients", StringComparison.Ordinal)) _seeded.TrySetResult();
    }

    [GeneratedRegex(@"^\s+(Admin|Staff|Marketer|Patient)\s+(\S+@\S+)\s+(\S+)\s+([A-Z2-7]{16,})\s*$")]
    private static partial Regex AccountLine();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }

    public async Task DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        await _database.DisposeAsync();
        try { Directory.Delete(_dataDirectory, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalProcessCollection : ICollectionFixture<PortalProcess>
{
    public const string Name = "portal process";
}
