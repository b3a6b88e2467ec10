using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Data;

namespace Portal.Data.Providers.PostgreSql;

/// <summary>The portal's model on PostgreSql; its migrations live beside it in <c>Migrations/</c>.</summary>
public sealed class PostgreSqlPortalDbContext(DbContextOptions<PortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build this provider's model without a host; it never connects.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Configure(new DbContextOptionsBuilder<PortalDbContext>(), DatabaseProvider.PostgreSql, "Host=localhost;Database=portal_design_time").Options);
}
