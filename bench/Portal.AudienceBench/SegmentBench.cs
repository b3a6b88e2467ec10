using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;

internal static class SegmentBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Counts a typical three-condition segment ("type 2 diabetes, 45 or older, no visit in a year") over a generated
        // population with the product's query (SegmentQuery through EF Core) and with a hand-written SQL query of the same
        // filter on the same data in the same run.
        var postgres = args[0] == "postgresql";
        var connectionString = args[1];
        var patients = args.Length > 2 ? int.Parse(args[2]) : 1_000_000;
        var provider = postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var factory = PortalDbContextFactory.For(provider, connectionString);
        await using (var db = await factory.CreateDbContextAsync())
            await db.Database.MigrateAsync();

        var kek = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        var index = new BlindIndex(new OrganisationKeys(factory, kek, TimeProvider.System));
        var now = DateTime.UtcNow;

        var generate = Stopwatch.StartNew();
        await GenerateAsync();
        Console.Error.WriteLine($"generated {patients} patients in {generate.Elapsed.TotalSeconds:F0} s");
        if (postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }

        var segments = new Segments(factory, new SegmentQuery(index, TimeProvider.System), new DatabaseAuditLog(factory, TimeProvider.System), TimeProvider.System);
        var definition = new SegmentGroup
        {
            Conditions =
            [
                new SegmentCondition { Field = SegmentField.Diagnosis, Values = ["E11"] },
                new SegmentCondition { Field = SegmentField.Age, Min = 45 },
                new SegmentCondition { Field = SegmentField.LastVisit, Min = 365 },
            ],
        };
        var token = await index.DiagnosisQueryTokenAsync(CodeSystem.Icd10Cm, "E11");
        var latestBirthYear = DateTime.UtcNow.Year - 45;
        var since = DateTime.UtcNow.AddDays(-365);

        var product = await MeasureAsync(() => segments.CountAsync(definition));
        var hand = await MeasureAsync(HandWrittenAsync);
        if (product.Count != hand.Count) { Console.Error.WriteLine($"counts differ: product {product.Count}, hand-written SQL {hand.Count}"); return 1; }
        Console.WriteLine($"provider={args[0]} patients={patients} segment_count={product.Count} product_ms={product.Ms:F1} handsql_ms={hand.Ms:F1} ratio={product.Ms / hand.Ms:F2}");
        return 0;

        async Task<int> HandWrittenAsync()
        {
            const string sql = """
                SELECT COUNT(*) FROM "PatientProfiles" p
                JOIN "PatientTokens" t ON t."PatientId" = p."PatientId" AND t."Kind" = 1 AND t."Token" = @token
                WHERE p."BirthYear" <= @latest AND (p."LastVisitUtc" IS NULL OR p."LastVisitUtc" < @since)
                """;
            if (postgres)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("token", token);
                command.Parameters.AddWithValue("latest", latestBirthYear);
                command.Parameters.AddWithValue("since", since);
                return (int)(long)(await command.ExecuteScalarAsync())!;
            }
            await using var sqlite = new SqliteConnection(connectionString);
            await sqlite.OpenAsync();
            await using var query = sqlite.CreateCommand();
            query.CommandText = sql;
            query.Parameters.AddWithValue("@token", token);
            query.Parameters.AddWithValue("@latest", latestBirthYear);
            query.Parameters.AddWithValue("@since", since.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"));
            return (int)(long)(await query.ExecuteScalarAsync())!;
        }

        // The median of seven runs after one warm-up, product and baseline alternating in the caller.
        static async Task<(int Count, double Ms)> MeasureAsync(Func<Task<int>> run)
        {
            var count = await run();
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                count = await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return (count, times[times.Count / 2]);
        }

        // Table by table (foreign keys need the parents first), regenerating the same population from the same seed.
        async Task GenerateAsync()
        {
            var tokens = new Dictionary<string, byte[]>();
            async Task<byte[]> TokenAsync(TokenKind kind, string value) =>
                tokens.TryGetValue($"{kind}:{value}", out var t) ? t : tokens[$"{kind}:{value}"] = await index.TokenAsync(kind, value);
            var diagnosisTokens = new Dictionary<string, IReadOnlyList<byte[]>>();
            var cipher = RandomNumberGenerator.GetBytes(48); // stands in for an encrypted name: the bench reads none

            async Task TableAsync(string table, (string, NpgsqlDbType)[] columns, Func<SyntheticPatients.Person, Loader, Task> write)
            {
                var population = new SyntheticPatients(seed: 2026);
                await using var loader = await Loader.OpenAsync(postgres, connectionString, table, columns);
                for (var i = 0; i < patients; i++) await write(population.Next(now), loader);
            }

            await TableAsync("AspNetUsers", [("Id", NpgsqlDbType.Uuid), ("DisplayName", NpgsqlDbType.Varchar), ("CreatedUtc", NpgsqlDbType.TimestampTz),
                ("UserName", NpgsqlDbType.Varchar), ("NormalizedUserName", NpgsqlDbType.Varchar), ("EmailConfirmed", NpgsqlDbType.Boolean),
                ("PhoneNumberConfirmed", NpgsqlDbType.Boolean), ("TwoFactorEnabled", NpgsqlDbType.Boolean), ("LockoutEnabled", NpgsqlDbType.Boolean),
                ("AccessFailedCount", NpgsqlDbType.Integer)],
                (p, l) => l.WriteAsync(p.Id, "", now, p.Id.ToString("N"), p.Id.ToString("N").ToUpperInvariant(), false, false, false, true, 0));
            await TableAsync("Patients", [("Id", NpgsqlDbType.Uuid), ("FullNameCipher", NpgsqlDbType.Bytea), ("CreatedUtc", NpgsqlDbType.TimestampTz)],
                (p, l) => l.WriteAsync(p.Id, cipher, now));
            await TableAsync("PatientProfiles", [("PatientId", NpgsqlDbType.Uuid), ("DetailsCipher", NpgsqlDbType.Bytea), ("BirthYear", NpgsqlDbType.Integer),
                ("Sex", NpgsqlDbType.Smallint), ("Language", NpgsqlDbType.Varchar), ("PostalPrefix", NpgsqlDbType.Varchar), ("LastVisitUtc", NpgsqlDbType.TimestampTz),
                ("UpdatedUtc", NpgsqlDbType.TimestampTz)],
                (p, l) => l.WriteAsync(p.Id, cipher, p.BirthYear, (short)p.Sex, p.Language, p.PostalPrefix, p.LastVisitUtc, now));
            await TableAsync("PatientTokens", [("PatientId", NpgsqlDbType.Uuid), ("Kind", NpgsqlDbType.Smallint), ("Token", NpgsqlDbType.Bytea)], async (p, l) =>
            {
                var rows = new List<(TokenKind Kind, byte[] Token)>();
                foreach (var code in p.Codes)
                {
                    if (!diagnosisTokens.TryGetValue(code, out var forCode)) diagnosisTokens[code] = forCode = await index.DiagnosisTokensAsync(CodeSystem.Icd10Cm, code);
                    rows.AddRange(forCode.Select(t => (TokenKind.Diagnosis, t)));
                }
                foreach (var tag in p.Tags) rows.Add((TokenKind.Tag, await TokenAsync(TokenKind.Tag, tag)));
                foreach (var (kind, value) in rows.DistinctBy(r => Convert.ToHexString(r.Token)))
                    await l.WriteAsync(p.Id, (short)kind, value);
            });
            await TableAsync("Appointments", [("Id", NpgsqlDbType.Uuid), ("PatientId", NpgsqlDbType.Uuid), ("StartUtc", NpgsqlDbType.TimestampTz),
                ("Status", NpgsqlDbType.Smallint), ("DetailsCipher", NpgsqlDbType.Bytea), ("UpdatedUtc", NpgsqlDbType.TimestampTz)], async (p, l) =>
            {
                foreach (var (start, status) in p.Appointments)
                    await l.WriteAsync(Guid.NewGuid(), p.Id, start, (short)status, cipher, now);
            });
        }
    }
}
