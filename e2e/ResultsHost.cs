using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Grains.Forms.Results;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;

namespace Portal.E2E;

/// <summary>
/// The product in this process on a real Kestrel port, with the results source replaced by recorded submissions:
/// stored submissions are not part of the product yet, and the results page needs some to draw.
/// </summary>
public sealed class ResultsHost : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portal-e2e-results-").FullName;
    private readonly int _port = FreePort();
    private TestDatabase? _database;

    public RecordedSource Source { get; } = new();
    public string BaseUrl => $"http://localhost:{_port}";

    public ResultsHost()
    {
        UseKestrel(_port);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataDirectory", _dataDirectory);
        _database = TestDatabase.Create(_dataDirectory);
        foreach (var (key, value) in _database.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Notifications:PortalBaseUrl", BaseUrl);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IFormResultsSource>(Source)));
    }

    public async Task<ProvisionedAccount> CreateAccountAsync(string name, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();
        return await provisioning.CreateAsync($"{Guid.NewGuid():N}@example.test", name, role, $"pw-{Guid.NewGuid():N}", enrolTotp: true);
    }

    public async Task AddToCareTeamAsync(Guid staffId, Guid patientId)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().AddToCareTeamAsync(staffId, patientId);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        try { Directory.Delete(_dataDirectory, true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Submissions held in memory, as the stored ones will be returned: decrypted, per patient.</summary>
    public sealed class RecordedSource : IFormResultsSource
    {
        private readonly List<(string FormId, FormResponse Response)> _responses = [];

        public void Add(string formId, FormResponse response) => _responses.Add((formId, response));

        public Task<IReadOnlyList<FormResponse>> ReadAsync(string formId, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<FormResponse>>([.. _responses.Where(r => r.FormId == formId && patientIds.Contains(r.Response.PatientId)).Select(r => r.Response)]);
    }
}
