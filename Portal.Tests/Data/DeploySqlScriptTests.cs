using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Data;
using Portal.Data.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>
/// <c>deploy/sql/</c> holds, for each server, the idempotent script of every migration, for administrators who apply
/// schema changes by hand. It must be exactly what the migrations produce today. To regenerate after adding a migration:
/// <c>dotnet ef migrations script --idempotent --project Portal.Data --context PostgreSqlPortalDbContext -o deploy/sql/postgresql.sql</c>
/// (and <c>SqlServerPortalDbContext</c> into <c>sqlserver.sql</c>).
/// </summary>
public sealed class DeploySqlScriptTests
{
    [Theory]
    [InlineData(DatabaseProvider.PostgreSql, "Host=unused;Database=unused", "postgresql.sql")]
    [InlineData(DatabaseProvider.SqlServer, "Server=unused;Database=unused", "sqlserver.sql")]
    public async Task The_deploy_script_is_what_the_migrations_produce(DatabaseProvider provider, string connectionString, string file)
    {
        await using var db = PortalDbContextFactory.For(provider, connectionString).CreateDbContext();
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var path = Path.Combine(Repository.Root, "deploy", "sql", file);
        Assert.True(File.Exists(path), $"{path} is missing");
        var stored = await File.ReadAllTextAsync(path);
        Assert.True(Normalise(expected) == Normalise(stored),
            $"deploy/sql/{file} differs from what the {provider} migrations produce: regenerate it (see {nameof(DeploySqlScriptTests)}).");
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains(migration, stored);
    }

    /// <summary>On PostgreSQL, the deploy script run twice (as an administrator might) makes a database the product then
    /// uses with nothing left to migrate. SQLite has no idempotent script, so its run applies the plain script once.</summary>
    [Fact]
    public async Task A_database_made_by_script_is_one_the_product_uses()
    {
        await using var database = TestDatabase.Create(Directory.CreateTempSubdirectory("portal-script-").FullName);
        await using (var db = database.Factory().CreateDbContext())
        {
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                var script = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "sql", "postgresql.sql"));
                await db.Database.ExecuteSqlRawAsync(script);
                await db.Database.ExecuteSqlRawAsync(script);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync(db.GetService<IMigrator>().GenerateScript());
            }
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = database.Factory().CreateDbContext())
        {
            await db.Database.MigrateAsync(); // nothing to do, and nothing conflicts
            db.SuppressedAddresses.Add(new SuppressedAddress { Address = "gone@example.test", Reason = SuppressionReason.HardBounce, SinceUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await using (var db = database.Factory().CreateDbContext())
            Assert.Equal(SuppressionReason.HardBounce, (await db.SuppressedAddresses.SingleAsync(s => s.Address == "gone@example.test")).Reason);
    }

    // The CLI writes the platform's line endings and may add a byte order mark; neither is part of the schema.
    private static string Normalise(string script) => script.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();
}
