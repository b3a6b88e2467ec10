using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Data;

namespace Portal.Data.Providers.SqlServer;

/// <summary>The portal's model on SqlServer; its migrations live beside it in <c>Migrations/</c>.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<PortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build this provider's model without a host; it never connects.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.Configure(new DbContextOptionsBuilder<PortalDbContext>(), DatabaseProvider.SqlServer, "Server=localhost;Database=portal_design_time;Integrated Security=true;TrustServerCertificate=true").Options);
}
