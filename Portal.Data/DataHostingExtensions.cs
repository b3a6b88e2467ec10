using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Portal.Data.Providers.PostgreSql;
using Portal.Data.Providers.Sqlite;
using Portal.Data.Providers.SqlServer;

namespace Portal.Data;

public static class DataHostingExtensions
{
    /// <summary>
    /// The database chosen by <c>Database:Provider</c> (SQLite by default, a file in the data directory): a context
    /// factory, a scoped context for ASP.NET Core Identity's stores, and the provider's own SQL.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var database = DatabaseOptions.From(configuration);
        var connectionString = database.ConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "portal.db"), Pooling = true }.ToString();
        var options = PortalDbContextFactory.Configure(new DbContextOptionsBuilder<PortalDbContext>(), database.Provider, connectionString).Options;
        var factory = new PortalDbContextFactory(database.Provider, options);

        services.AddSingleton(database);
        services.AddSingleton(factory);
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(factory);
        services.AddScoped(_ => factory.CreateDbContext());
        services.AddSingleton<IProviderSql>(ProviderSql(database.Provider));
        return services;
    }

    public static IProviderSql ProviderSql(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteProviderSql(),
        DatabaseProvider.PostgreSql => new PostgreSqlProviderSql(),
        DatabaseProvider.SqlServer => new SqlServerProviderSql(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Applies the provider's pending migrations and tunes the database.</summary>
    public static async Task MigratePortalDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await services.GetRequiredService<IProviderSql>().PrepareAsync(db, cancellationToken);
    }
}
