using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        var database = DatabaseOptions.From(builder.Configuration);
        var connectionString = database.ConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataOptions.ResolveDataDirectory(builder), "portal.db"), Pooling = true }.ToString();
        var options = PortalDbContextFactory.Configure(new DbContextOptionsBuilder<PortalDbContext>(), database.Provider, connectionString).Options;
        var factory = new PortalDbContextFactory(database.Provider, options);

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(factory);
        builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>>(factory);
        builder.Services.AddScoped(_ => factory.CreateDbContext());
        builder.Services.AddSingleton<IProviderSql>(ProviderSql(database.Provider));
        return builder;
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
