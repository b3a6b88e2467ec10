using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Identity;
using Portal.Web.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The whole product in-process, as in production: co-hosted Orleans silo, a fresh database of its own
/// (<see cref="TestDatabase"/>: SQLite, or PostgreSQL when the run asks for it) in a fresh data directory,
/// the KEK from configuration, and mail over real SMTP to <see cref="Smtp"/>.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A portal of its own with extra settings, for tests whose settings must not touch the shared one.</summary>
    public static PortalFactory With(IReadOnlyDictionary<string, string?> settings) => new() { Settings = settings };

    private Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>A portal of its own with some services replaced, e.g. a data source a feature cannot fill yet.</summary>
    public static PortalFactory WithServices(Action<IServiceCollection> services) => new() { TestServices = services };

    /// <summary>A portal of its own with extra settings and some services replaced.</summary>
    public static PortalFactory With(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services) =>
        new() { Settings = settings, TestServices = services };

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("portal-test-").FullName;
    public SmtpCapture Smtp { get; } = new();

    /// <summary>The database this portal runs on, made when the host starts.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The portal has not started yet.");
    private TestDatabase? _database;

    public PortalFactory() => Smtp.DescribeSender = DescribeUnsentMailAsync;

    /// <summary>The outbox rows not yet sent, so a test waiting for mail in vain says why.</summary>
    private async Task<string> DescribeUnsentMailAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var unsent = await db.Outbox.AsNoTracking().Where(r => r.SentUtc == null)
            .Select(r => new { r.Kind, r.Attempts, r.NextAttemptUtc, r.LeaseUntilUtc, r.FailedUtc, r.LastError }).ToListAsync();
        return unsent.Count == 0
            ? "The outbox has no unsent rows."
            : "Unsent outbox rows: " + string.Join("; ", unsent.Select(r => $"{r.Kind} attempts={r.Attempts} next={r.NextAttemptUtc:HH:mm:ss.fff} lease={r.LeaseUntilUtc:HH:mm:ss.fff} failed={r.FailedUtc:HH:mm:ss} error={r.LastError}"))
              + $" (now {DateTime.UtcNow:HH:mm:ss.fff})";
    }
    public const string PortalBaseUrl = "https://portal.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // As strict as Development about lifetimes, so a singleton holding a scoped service fails here too.
        builder.UseDefaultServiceProvider(options => { options.ValidateScopes = true; options.ValidateOnBuild = true; });
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        _database ??= TestDatabase.Create(DataDirectory);
        foreach (var (key, value) in _database.Settings)
            builder.UseSetting(key, value);
        builder.UseSetting("Encryption:KeyEncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString());
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smime:CertificatePath", TestCertificates.WriteOrganisationPfx(Path.Combine(DataDirectory, "org-smime.pfx"), "test-password"));
        builder.UseSetting("Smime:CertificatePassword", "test-password");
        builder.UseSetting("Notifications:PortalBaseUrl", PortalBaseUrl);
        builder.UseSetting("Outbox:PollInterval", "00:00:00.250");
        // A send that fails for a passing reason (a busy machine) is tried again within a test's wait.
        builder.UseSetting("Delivery:RetryFirstDelay", "00:00:01");
        builder.UseSetting("Delivery:RetryMaxDelay", "00:00:04");
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every test request comes from one address; the per-address limit is exercised on its own.
        builder.UseSetting("AbuseProtection:AttemptsPerAddress", "1000000");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFilter>());
        if (TestServices is not null)
            builder.ConfigureTestServices(TestServices);
    }

    /// <summary>The address tests' requests come from. The in-memory test server has no client socket,
    /// so without this every request would have no address, unlike behind Kestrel.</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("203.0.113.7");

    /// <summary>Lets a test speak from another address.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= context.Request.Headers.TryGetValue(ClientAddressHeader, out var address)
                    ? IPAddress.Parse(address!)
                    : ClientAddress;
                return nextMiddleware();
            });
            next(app);
        };
    }

    public string DatabasePath => Path.Combine(DataDirectory, "portal.db");

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public PortalClient NewClient()
    {
        var cookies = new CookieJarHandler();
        return new PortalClient(CreateDefaultClient(new Uri("https://localhost"), cookies), cookies.Jar);
    }

    public async Task<ProvisionedAccount> CreateAccountAsync(string role, bool enrolTotp = true, string? name = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        return await provisioning.CreateAsync(email, name ?? $"{role} {Guid.NewGuid().ToString()[..6]}", role, $"pw-{Guid.NewGuid():N}", enrolTotp);
    }

    /// <summary>A patient whose care team holds <paramref name="careTeam"/> and the factory's own <see cref="TeamStaffAsync"/> member.</summary>
    public async Task<ProvisionedAccount> CreatePatientAsync(string? name = null, params Guid[] careTeam)
    {
        var patient = await CreateAccountAsync(PortalRoles.Patient, name: name);
        await using var scope = Services.CreateAsyncScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();
        foreach (var staff in careTeam.Append((await TeamStaffAsync()).Id))
            await provisioning.AddToCareTeamAsync(staff, patient.Id);
        return patient;
    }

    /// <summary>The account with this address, found as sign-in finds it (addresses are sealed in the database).</summary>
    public async Task<Portal.Data.Identity.PortalUser?> AccountByEmailAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Data.Identity.PortalUser>>().FindByEmailAsync(email);
    }

    public async Task AddToCareTeamAsync(Guid staffId, Guid patientId)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().AddToCareTeamAsync(staffId, patientId);
    }

    private ProvisionedAccount? _teamStaff;

    /// <summary>A staff member on every test patient's care team, for tests that act as "some clinician".</summary>
    public async Task<ProvisionedAccount> TeamStaffAsync() => _teamStaff ??= await CreateAccountAsync(PortalRoles.Staff);

    public async Task<Portal.Grains.Audit.AuditActor> TeamStaffActorAsync() => new((await TeamStaffAsync()).Id, PortalRoles.Staff, "127.0.0.1");
    public Task<ProvisionedAccount> CreateStaffAsync() => CreateAccountAsync(PortalRoles.Staff);

    public Task InitializeAsync()
    {
        _ = Server; // start the host (and its silo) before the tests use it
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}
