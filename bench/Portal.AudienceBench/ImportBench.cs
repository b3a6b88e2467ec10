using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NpgsqlTypes;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Grains;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Import;
using Portal.Grains.Audit;
using Portal.Grains.Identity;

/// <summary>
/// A CSV of new, made-up patients imported by the product as a silo runs it (real composition, co-hosted silo):
/// parsing and checking every field, encrypting each record under its own key, blind-index tokens, one audit entry
/// per patient. The baseline writes the same rows (accounts, records, profiles, tokens) with a raw bulk insert into a
/// fresh database in the same run, without any of that work.
/// </summary>
internal static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var postgres = args[0] == "postgresql";
        var connectionString = args[1];
        var rows = args.Length > 2 ? int.Parse(args[2]) : 100_000;
        var data = Directory.CreateTempSubdirectory("portal-import-bench-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = data,
            ["Database:Provider"] = postgres ? "PostgreSql" : "Sqlite",
            ["Database:ConnectionString"] = connectionString,
            ["Encryption:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Orleans:SiloPort"] = FreePort().ToString(), ["Orleans:GatewayPort"] = FreePort().ToString(),
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = "25", // nothing is mailed: imported patients get no mail
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddPortalServices(builder.Configuration, data, isDevelopment: false);
        builder.AddPortalSilo();
        using var host = builder.Build();
        await host.Services.MigratePortalDatabaseAsync();
        await host.StartAsync();

        var staff = await StaffAsync(host.Services);
        var csv = Csv(rows);
        var watch = Stopwatch.StartNew();
        var batch = CsvImportReader.Read(new StringReader(csv), DateOnly.FromDateTime(DateTime.UtcNow));
        var result = await host.Services.GetRequiredService<PatientImporter>().RunAsync(batch, staff);
        var product = watch.Elapsed.TotalSeconds;
        await host.StopAsync();
        if (result.Created != rows) { Console.Error.WriteLine($"created {result.Created} of {rows} ({result.Rejected} refused)"); return 1; }

        var baseline = await BaselineAsync(postgres, postgres ? connectionString + "_baseline" : $"Data Source={Path.Combine(data, "baseline.db")}", rows);
        Console.WriteLine($"provider={args[0]} rows={rows} product_s={product:F1} product_rows_per_s={rows / product:F0} baseline_s={baseline:F1} ratio={product / baseline:F2}");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return 0;
    }

    private static string Csv(int rows)
    {
        var population = new SyntheticPatients(seed: 7);
        var now = DateTime.UtcNow;
        var csv = new StringBuilder("external_id,full_name,email,date_of_birth,sex,language,postal_code,tags,last_visit\n");
        for (var i = 0; i < rows; i++)
        {
            var p = population.Next(now);
            var born = Math.Min(p.BirthYear, now.Year - 1); // a birthday later this year would be in the future
            csv.Append($"EXT-{i:D7},{p.FullName},p{i}@example.test,{born}-{1 + i % 12:D2}-{1 + i % 28:D2},{p.Sex.ToString().ToLowerInvariant()},{p.Language},{p.PostalPrefix}{i % 100:D2},{string.Join(';', p.Tags)},{p.LastVisitUtc:yyyy-MM-dd}\n");
        }
        return csv.ToString();
    }

    private static async Task<AuditActor> StaffAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        foreach (var role in PortalRoles.All.Where(r => !db.Roles.Any(x => x.Name == r)))
            db.Roles.Add(new IdentityRole<Guid>(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
        var id = Guid.NewGuid();
        db.Users.Add(new PortalUser { Id = id, UserName = "bench-staff", NormalizedUserName = "BENCH-STAFF", DisplayName = "Bench", CreatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return new AuditActor(id, PortalRoles.Staff, null);
    }

    // The same accounts, records, profiles and tokens as rows, written with the bulk loader and no checks or crypto.
    private static async Task<double> BaselineAsync(bool postgres, string connectionString, int rows)
    {
        var factory = PortalDbContextFactory.For(postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite, connectionString);
        await using (var db = await factory.CreateDbContextAsync())
            await db.Database.MigrateAsync();
        var cipher = RandomNumberGenerator.GetBytes(64);
        var ids = Enumerable.Range(0, rows).Select(_ => Guid.CreateVersion7()).ToArray();
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        await using (var users = await Loader.OpenAsync(postgres, connectionString, "AspNetUsers", [("Id", NpgsqlDbType.Uuid), ("DisplayName", NpgsqlDbType.Varchar),
            ("CreatedUtc", NpgsqlDbType.TimestampTz), ("UserName", NpgsqlDbType.Varchar), ("NormalizedUserName", NpgsqlDbType.Varchar), ("Email", NpgsqlDbType.Varchar),
            ("NormalizedEmail", NpgsqlDbType.Varchar), ("EmailConfirmed", NpgsqlDbType.Boolean), ("PhoneNumberConfirmed", NpgsqlDbType.Boolean),
            ("TwoFactorEnabled", NpgsqlDbType.Boolean), ("LockoutEnabled", NpgsqlDbType.Boolean), ("AccessFailedCount", NpgsqlDbType.Integer)]))
            for (var i = 0; i < rows; i++)
                await users.WriteAsync(ids[i], "", now, $"p{i}@example.test", $"P{i}@EXAMPLE.TEST", $"p{i}@example.test", $"P{i}@EXAMPLE.TEST", false, false, false, true, 0);
        await using (var patients = await Loader.OpenAsync(postgres, connectionString, "Patients", [("Id", NpgsqlDbType.Uuid), ("FullNameCipher", NpgsqlDbType.Bytea), ("CreatedUtc", NpgsqlDbType.TimestampTz)]))
            foreach (var id in ids) await patients.WriteAsync(id, cipher, now);
        await using (var profiles = await Loader.OpenAsync(postgres, connectionString, "PatientProfiles", [("PatientId", NpgsqlDbType.Uuid), ("DetailsCipher", NpgsqlDbType.Bytea),
            ("BirthYear", NpgsqlDbType.Integer), ("Sex", NpgsqlDbType.Smallint), ("UpdatedUtc", NpgsqlDbType.TimestampTz)]))
            foreach (var id in ids) await profiles.WriteAsync(id, cipher, 1970, (short)1, now);
        await using (var tokens = await Loader.OpenAsync(postgres, connectionString, "PatientTokens", [("PatientId", NpgsqlDbType.Uuid), ("Kind", NpgsqlDbType.Smallint), ("Token", NpgsqlDbType.Bytea)]))
            foreach (var id in ids)
                for (short kind = 10; kind <= 14; kind++)
                    if (kind != 13) await tokens.WriteAsync(id, kind, RandomNumberGenerator.GetBytes(16));
        return watch.Elapsed.TotalSeconds;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
