using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Admin;

/// <summary>The admin's verify page over the real product: intact after real use, then a row deleted directly in the
/// database is reported. A portal of its own, as the test breaks its audit trail.</summary>
public sealed class AuditVerifyPageTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task An_admin_sees_the_trail_intact_and_then_the_entry_someone_deleted()
    {
        using var admin = _portal.NewClient();
        await admin.SignInAsync(await _portal.CreateAccountAsync(PortalRoles.Admin));
        await admin.GetPageAsync("/admin/audit");

        var intact = await admin.PostFormAsync("/admin/audit/verify", new Dictionary<string, string>());
        var page = await intact.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, intact.StatusCode);
        Assert.Contains("Intact.", page);
        Assert.Matches("signed checkpoints? match", page);

        var victim = await _portal.QueryAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.AuditLogView).Select(e => e.Sequence).FirstAsync());
        await _portal.QueryAsync(db => db.AuditEntries.Where(e => e.Sequence == victim).ExecuteDeleteAsync());
        var broken = await admin.PostFormAsync("/admin/audit/verify", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Conflict, broken.StatusCode);
        Assert.Contains($"Entry {victim} is missing", await broken.Content.ReadAsStringAsync());
        Assert.True(await _portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditVerified && e.Outcome == AuditOutcomes.Failure)));
    }
}
