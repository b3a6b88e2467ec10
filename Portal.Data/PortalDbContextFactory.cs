using Microsoft.EntityFrameworkCore;
using Portal.Data.Providers.PostgreSql;
using Portal.Data.Providers.Sqlite;
using Portal.Data.Providers.SqlServer;

namespace Portal.Data;

/// <summary>Makes the chosen provider's context, so each provider runs its own migrations against the one model.</summary>
public sealed class PortalDbContextFactory(DatabaseProvider provider, DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
{
    public DatabaseProvider Provider => provider;

    public PortalDbContext CreateDbContext() => provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePortalDbContext(options),
        DatabaseProvider.PostgreSql => new PostgreSqlPortalDbContext(options),
        DatabaseProvider.SqlServer => new SqlServerPortalDbContext(options),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    /// <summary>A factory outside dependency injection (tools, tests, benchmarks).</summary>
    public static PortalDbContextFactory For(DatabaseProvider provider, string connectionString) =>
        new(provider, Configure(new DbContextOptionsBuilder<PortalDbContext>(), provider, connectionString).Options);

    public static DbContextOptionsBuilder<PortalDbContext> Configure(DbContextOptionsBuilder<PortalDbContext> builder, DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => builder.UseSqlite(connectionString),
        DatabaseProvider.PostgreSql => builder.UseNpgsql(connectionString),
        DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
