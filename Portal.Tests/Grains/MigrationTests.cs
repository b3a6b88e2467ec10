using Microsoft.EntityFrameworkCore;
using Portal.Grains.Data;

namespace Portal.Tests.Grains;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_match_the_model_and_create_a_fresh_database()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "fresh.db");
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={file}").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: run dotnet ef migrations add");
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.SecureMessages.CountAsync());
    }
}
