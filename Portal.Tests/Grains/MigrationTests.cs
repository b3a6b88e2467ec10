using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains;

public sealed class MigrationTests
{
    /// <summary>Each provider keeps its own migrations; every one of them must describe today's model. A server is not
    /// needed to compare the model with a provider's snapshot, so SQL Server is checked here too.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=unused;Database=unused")]
    [InlineData(DatabaseProvider.SqlServer, "Server=unused;Database=unused")]
    public async Task Each_providers_migrations_match_the_model(DatabaseProvider provider, string connectionString)
    {
        await using var db = PortalDbContextFactory.For(provider, connectionString).CreateDbContext();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"the model changed without a {provider} migration: see Portal.Data/README.md");
    }

    [Fact]
    public async Task Migrations_create_a_fresh_database_on_the_run_provider()
    {
        await using var database = TestDatabase.Create(Directory.CreateTempSubdirectory().FullName);
        await using var db = database.Factory().CreateDbContext();
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.SecureMessages.CountAsync());
    }
}
