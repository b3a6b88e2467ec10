using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;
using Portal.Data;
using Portal.Data.Campaigns;
using Portal.Data.Outbox;
using Portal.Grains;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Campaigns;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Messaging.Campaigns;

internal static class CampaignBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Launches a campaign to a segment of every generated patient through the running product (a silo, the campaign
        // grain, the audience rules, one transaction with every outbox row) and, in the same run, bulk-inserts the same
        // number of outbox rows with the product's own bulk path (prepared statement / binary COPY) and nothing else.
        // While the campaign queues, another grain is called every 20 ms: the silo must keep answering.
        var postgres = args[0] == "postgresql";
        var connectionString = args[1];
        var patients = args.Length > 2 ? int.Parse(args[2]) : 100_000;
        var directory = Directory.CreateTempSubdirectory("portal-campaign-bench-").FullName;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = directory,
            ["Database:Provider"] = postgres ? "PostgreSql" : "Sqlite",
            ["Database:ConnectionString"] = connectionString,
            ["Encryption:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Notifications:PortalBaseUrl"] = "https://portal.example.org",
            // Nothing listens there: the launch is measured, not the sending (the campaign is paused once queued).
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = FreePort().ToString(), ["Smtp:Security"] = "None",
            ["Delivery:Unsubscribe:BaseUrl"] = "https://portal.example.org/unsubscribe/",
            ["Delivery:Unsubscribe:MailtoAddress"] = "unsubscribe@portal.example.org",
            ["Delivery:Unsubscribe:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Orleans:SiloPort"] = FreePort().ToString(), ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddPortalServices();
        builder.AddPortalSilo();
        using var host = builder.Build();
        await host.Services.MigratePortalDatabaseAsync();

        var generate = Stopwatch.StartNew();
        await GenerateAsync(postgres, connectionString, patients);
        Console.Error.WriteLine($"generated {patients} patients in {generate.Elapsed.TotalSeconds:F0} s");
        await host.StartAsync();

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var (segmentId, _) = await host.Services.GetRequiredService<Segments>().SaveAsync(null, "Everyone",
            new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Age, Min = 0 }] }, marketer);
        var design = new CampaignDesign
        {
            Blocks =
            [
                new() { Kind = BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }}" },
                new() { Kind = BlockKind.Button, Text = "Book", Url = "/forms", Action = CallToAction.FillFormOrSurvey },
            ],
        };
        var campaignId = Guid.CreateVersion7();
        var campaign = grains.GetGrain<ICampaignGrain>(campaignId);
        var saved = await campaign.SaveDraftAsync(new CampaignDraft("Bench", CampaignGoal.Awareness, CampaignPurpose.CareCommunication, false, segmentId,
            "Clinic", "Flu clinics are open", "", design.ToJson()), marketer);
        if (!saved.Succeeded) { Console.Error.WriteLine(saved.Problem); return 1; }
        var other = grains.GetGrain<ICampaignGrain>(Guid.CreateVersion7());
        await other.GetAsync();

        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var watch = Stopwatch.StartNew();
        var launched = await campaign.LaunchAsync(marketer);
        var answeredMs = watch.Elapsed.TotalMilliseconds;
        if (!launched.Succeeded) { Console.Error.WriteLine(launched.Problem); return 1; }
        var latencies = new List<double>();
        CampaignStatus status;
        do
        {
            var ping = Stopwatch.StartNew();
            await other.GetAsync();
            latencies.Add(ping.Elapsed.TotalMilliseconds);
            await Task.Delay(20);
            await using var db = await dbFactory.CreateDbContextAsync();
            status = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Status).SingleAsync();
        }
        while (status == CampaignStatus.Queuing);
        var productMs = watch.Elapsed.TotalMilliseconds;
        await campaign.PauseAsync(marketer);
        var queued = (await campaign.GetAsync())!.Queued;
        if (queued != patients) { Console.Error.WriteLine($"queued {queued} of {patients}"); return 1; }

        // The baseline: the same number of outbox rows through the product's bulk insert, one transaction, nothing else.
        var providerSql = host.Services.GetRequiredService<IProviderSql>();
        var now = DateTime.UtcNow;
        watch.Restart();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var rows = Enumerable.Range(0, patients).Select(_ => OutboxWriter.NewRow(OutboxKind.Marketing, Guid.NewGuid(), Guid.NewGuid(), now)).ToList();
            foreach (var row in rows) row.NextAttemptUtc = CampaignGrain.PausedUntil;
            await using var transaction = await db.Database.BeginTransactionAsync();
            await providerSql.InsertOutboxAsync(db, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }
        var bulkMs = watch.Elapsed.TotalMilliseconds;
        latencies.Sort();
        Console.WriteLine($"provider={args[0]} recipients={patients} launch_answered_ms={answeredMs:F0} product_ms={productMs:F0} bulk_ms={bulkMs:F0} ratio={productMs / bulkMs:F2}" +
            $" other_grain_max_ms={latencies[^1]:F0} other_grain_p50_ms={latencies[latencies.Count / 2]:F1} other_grain_calls={latencies.Count}");
        await host.StopAsync();
        return 0;
    }

    // Accounts with an address (its look-up token form), patient rows and profiles: what the audience rules read.
    private static async Task GenerateAsync(bool postgres, string connectionString, int patients)
    {
        var now = DateTime.UtcNow;
        var cipher = RandomNumberGenerator.GetBytes(48);
        async Task TableAsync(string table, (string, NpgsqlDbType)[] columns, Func<SyntheticPatients.Person, int, Loader, Task> write)
        {
            var population = new SyntheticPatients(seed: 2026);
            await using var loader = await Loader.OpenAsync(postgres, connectionString, table, columns);
            for (var i = 0; i < patients; i++) await write(population.Next(now), i, loader);
        }
        await TableAsync("AspNetUsers", [("Id", NpgsqlDbType.Uuid), ("DisplayName", NpgsqlDbType.Varchar), ("CreatedUtc", NpgsqlDbType.TimestampTz),
            ("UserName", NpgsqlDbType.Varchar), ("NormalizedUserName", NpgsqlDbType.Varchar), ("Email", NpgsqlDbType.Varchar), ("NormalizedEmail", NpgsqlDbType.Varchar),
            ("EmailConfirmed", NpgsqlDbType.Boolean), ("PhoneNumberConfirmed", NpgsqlDbType.Boolean), ("TwoFactorEnabled", NpgsqlDbType.Boolean),
            ("LockoutEnabled", NpgsqlDbType.Boolean), ("AccessFailedCount", NpgsqlDbType.Integer)],
            (p, i, l) => l.WriteAsync(p.Id, "", now, p.Id.ToString("N"), p.Id.ToString("N").ToUpperInvariant(), null, $"t1:bench{i}", true, false, false, true, 0));
        await TableAsync("Patients", [("Id", NpgsqlDbType.Uuid), ("FullNameCipher", NpgsqlDbType.Bytea), ("CreatedUtc", NpgsqlDbType.TimestampTz)],
            (p, _, l) => l.WriteAsync(p.Id, cipher, now));
        await TableAsync("PatientProfiles", [("PatientId", NpgsqlDbType.Uuid), ("DetailsCipher", NpgsqlDbType.Bytea), ("BirthYear", NpgsqlDbType.Integer),
            ("Sex", NpgsqlDbType.Smallint), ("Language", NpgsqlDbType.Varchar), ("PostalPrefix", NpgsqlDbType.Varchar), ("LastVisitUtc", NpgsqlDbType.TimestampTz),
            ("UpdatedUtc", NpgsqlDbType.TimestampTz)],
            (p, _, l) => l.WriteAsync(p.Id, cipher, p.BirthYear, (short)p.Sex, p.Language, p.PostalPrefix, p.LastVisitUtc, now));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
