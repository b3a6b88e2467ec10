using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Web.Admin;

/// <summary>
/// A fresh production install, tried as a new organisation would: the operator runs <c>Portal.Web admin create</c>,
/// opens the printed link on the running server (HTTPS, production settings, its own database), becomes the first
/// admin with a second factor, and invites a staff member and a marketer by mail; each of them signs in.
/// </summary>
public sealed partial class FirstAdminTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("portal-first-admin-").FullName;
    private readonly string _kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly int _port = FreePort.Next();
    private readonly SmtpCapture _smtp = new();
    private TestDatabase _database = null!;
    private Process? _server;

    private string BaseUrl => $"https://127.0.0.1:{_port}";

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create(_data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false }) { _server.Kill(entireProcessTree: true); await _server.WaitForExitAsync(); }
        await _smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"/account/accept-invitation\?user=[0-9a-f-]+&token=[^\s""<>]+")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task The_first_admin_is_made_by_a_command_and_invites_staff_and_a_marketer_who_each_sign_in()
    {
        var usage = await RunCommandAsync("admin");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("Portal.Web admin create --email", usage.Error);
        var refused = await RunCommandAsync("admin", "create", "--email", "not an address");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("No admin was created: Enter a valid email address.", refused.Error);

        var created = await RunCommandAsync("admin", "create", "--email", "first@clinic.example", "--name", "Fiona First");
        Assert.True(created.ExitCode == 0, created.Error);
        var link = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(BaseUrl + "/account/accept-invitation?", StringComparison.Ordinal));
        Assert.Equal(1, (await RunCommandAsync("admin", "create", "--email", "first@clinic.example")).ExitCode);

        StartServer();
        await WaitUntilReadyAsync();
        using var admin = Browser();
        await AcceptAsync(admin, link[BaseUrl.Length..], "first@clinic.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/accounts")).StatusCode);

        foreach (var (email, role, start) in new[] { ("nurse@clinic.example", PortalRoles.Staff, "/staff"), ("campaigns@clinic.example", PortalRoles.Marketer, "/marketing/segments") })
        {
            var invited = await admin.PostFormAsync("/admin/accounts?handler=Invite",
                new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = role, ["Role"] = role }, "/admin/accounts");
            Assert.Contains($"Invitation sent to {email}", await invited.Content.ReadAsStringAsync());
            var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email), TimeSpan.FromSeconds(60));
            var emailed = InvitationLink().Match(mail.TextBody ?? "").Value;
            Assert.Contains(BaseUrl + emailed, mail.TextBody);
            using var invitee = Browser();
            await AcceptAsync(invitee, emailed, email);
            Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync(start)).StatusCode);
        }

        // The operator checks the audit trail while the server keeps writing to it, and gets the auditors' key.
        var verified = await RunCommandAsync("audit", "verify");
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.StartsWith("Intact. All ", verified.Output);
        var publicKey = await RunCommandAsync("audit", "public-key");
        Assert.Contains("-----BEGIN PUBLIC KEY-----", publicKey.Output);
    }

    /// <summary>Opens an invitation link, chooses a password, signs in and enrols an authenticator, as a person would.</summary>
    private static async Task AcceptAsync(PortalClient browser, string link, string email)
    {
        const string password = "juniper lantern quietly orbit";
        Assert.Contains(email, await browser.GetPageAsync(link));
        Assert.Contains("Your account is ready", await (await browser.PostFormAsync(link, new Dictionary<string, string> { ["Password"] = password })).Content.ReadAsStringAsync());
        Assert.StartsWith("/account/enrol-totp", (await browser.SubmitPasswordAsync(email, password)).Headers.Location!.OriginalString);
        await browser.EnrolTotpAsync();
    }

    private PortalClient Browser()
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler
        {
            CookieContainer = cookies,
            AllowAutoRedirect = false,
            // The test's own self-signed certificate (written below) is the only one this server presents.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=127.0.0.1",
        };
        return new PortalClient(new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) }, cookies);
    }

    private IEnumerable<string> Settings() =>
    [
        $"--Portal:DataDirectory={_data}", $"--Encryption:KeyEncryptionKey={_kek}",
        $"--Database:Provider={_database.Provider}", $"--Database:ConnectionString={_database.ConnectionString}",
        $"--Notifications:PortalBaseUrl={BaseUrl}",
        "--Smtp:Host=127.0.0.1", $"--Smtp:Port={_smtp.Port}", "--Smtp:Security=None",
        $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
        "--Logging:LogLevel:Default=Warning",
    ];

    private static ProcessStartInfo Product(IEnumerable<string> args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Repository.Root, "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(params string[] command)
    {
        using var process = Process.Start(Product([.. command, .. Settings()]))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine($"$ admin {string.Join(' ', command.Skip(1))} -> {process.ExitCode}\n{await stdout}{await stderr}");
        return (process.ExitCode, await stdout, await stderr);
    }

    private void StartServer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certPath = Path.Combine(_data, "tls.crt");
        var keyPath = Path.Combine(_data, "tls.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        var start = Product([.. Settings(), "--urls", BaseUrl, $"--Kestrel:Certificates:Default:Path={certPath}", $"--Kestrel:Certificates:Default:KeyPath={keyPath}"]);
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = Browser();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_server!.HasExited) throw new InvalidOperationException($"The server exited (code {_server.ExitCode}) before it was ready.");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not become ready.");
            await Task.Delay(200);
        }
    }
}
