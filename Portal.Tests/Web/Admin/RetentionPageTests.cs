using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Admin;

/// <summary>Admins set retention rules (refused below the legal minimum), place and release legal holds and run
/// disposal from the retention page; each change is audited.</summary>
[Collection(PortalCollection.Name)]
public sealed class RetentionPageTests(PortalFactory portal)
{
    [Fact]
    public async Task An_admin_sets_rules_within_their_limits_places_and_releases_a_hold_and_runs_disposal()
    {
        using var admin = portal.NewClient();
        await admin.SignInAsync(await portal.CreateAccountAsync(PortalRoles.Admin));
        Assert.Contains("How long records are kept", await admin.GetPageAsync("/admin/retention"));

        var tooShort = await admin.PostFormAsync("/admin/retention?handler=Rule", new Dictionary<string, string> { ["kind"] = "AuditEntries", ["days"] = "30" }, "/admin/retention");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("between 2192 and 36500 days", await tooShort.Content.ReadAsStringAsync());
        var set = await admin.PostFormAsync("/admin/retention?handler=Rule", new Dictionary<string, string> { ["kind"] = "Sessions", ["days"] = "120" }, "/admin/retention");
        Assert.Contains("ended sessions are now kept 120 days", await set.Content.ReadAsStringAsync());
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RetentionRuleChanged && e.TargetId == "Sessions:0->120")));

        var patient = await portal.CreatePatientAsync();
        var unknown = await admin.PostFormAsync("/admin/retention?handler=Hold", new Dictionary<string, string> { ["patientId"] = Guid.NewGuid().ToString(), ["reference"] = "M-1" }, "/admin/retention");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        var placed = await admin.PostFormAsync("/admin/retention?handler=Hold", new Dictionary<string, string> { ["patientId"] = patient.Id.ToString(), ["reference"] = "Matter 2026-118" }, "/admin/retention");
        Assert.Contains("Legal hold placed", await placed.Content.ReadAsStringAsync());
        var hold = await portal.QueryAsync(db => db.LegalHolds.SingleAsync(h => h.PatientId == patient.Id));
        var released = await admin.PostFormAsync("/admin/retention?handler=Release", new Dictionary<string, string> { ["holdId"] = hold.Id.ToString() }, "/admin/retention");
        Assert.Contains("Legal hold released", await released.Content.ReadAsStringAsync());
        Assert.NotNull((await portal.QueryAsync(db => db.LegalHolds.SingleAsync(h => h.Id == hold.Id))).ReleasedUtc);

        var run = await admin.PostFormAsync("/admin/retention?handler=Run", new Dictionary<string, string>(), "/admin/retention");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Contains("Nothing was due", await run.Content.ReadAsStringAsync());
    }
}
