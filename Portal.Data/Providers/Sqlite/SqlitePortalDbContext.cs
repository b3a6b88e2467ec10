using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Data;

namespace Portal.Data.Providers.Sqlite;

/// <summary>The portal's model on Sqlite; its migrations live beside it in <c>Migrations/</c>.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<PortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build this provider's model without a host; it never connects.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Configure(new DbContextOptionsBuilder<PortalDbContext>(), DatabaseProvider.Sqlite, "Data Source=design-time.db").Options);
}
