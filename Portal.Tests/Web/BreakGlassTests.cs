using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Care teams and emergency access: outside the team, a record opens only with a reason, for a while, audited and reported.</summary>
[Collection(PortalCollection.Name)]
public sealed class BreakGlassTests(PortalFactory portal)
{
    [Fact]
    public async Task Staff_outside_the_care_team_see_neither_the_patient_nor_the_record()
    {
        var patient = await portal.CreatePatientAsync("Casey Private");
        var outsider = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(outsider);

        Assert.DoesNotContain("Casey Private", await client.GetPageAsync("/staff"));
        foreach (var path in new[] { $"/staff/patients/{patient.Id}", $"/staff/patients/{patient.Id}/compose" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.EndsWith("/emergency-access", response.Headers.Location!.OriginalString);
        }
        // Even a direct post to compose is refused.
        var post = await client.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "x", ["Body"] = "y" },
            tokenPage: "/staff");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecureMessages.AnyAsync(m => m.PatientId == patient.Id));
    }

    [Fact]
    public async Task Emergency_access_needs_a_reason_is_time_boxed_audited_and_alerts_admins()
    {
        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        var patient = await portal.CreatePatientAsync("Morgan Emergency");
        var outsider = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(outsider);
        var path = $"/staff/patients/{patient.Id}/emergency-access";

        var vague = await client.PostFormAsync(path, new Dictionary<string, string> { ["Reason"] = "need it", ["Minutes"] = "30" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, vague.StatusCode);
        Assert.Contains("at least 20 characters", await vague.Content.ReadAsStringAsync());
        var tooLong = await client.PostFormAsync(path, new Dictionary<string, string> { ["Reason"] = "Patient arrived unconscious in the emergency department", ["Minutes"] = "600" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);

        var granted = await client.PostFormAsync(path, new Dictionary<string, string> { ["Reason"] = "Patient arrived unconscious in the emergency department", ["Minutes"] = "15" });
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Contains("Morgan Emergency", await client.GetPageAsync($"/staff/patients/{patient.Id}"));

        var alert = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == admin.Email) && m.Subject == "Emergency access was used");
        Assert.DoesNotContain("Morgan", alert.TextBody);
        Assert.DoesNotContain("unconscious", alert.TextBody);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var grant = await db.BreakGlassGrants.SingleAsync(g => g.PatientId == patient.Id);
        Assert.InRange(grant.ExpiresUtc - grant.GrantedUtc, TimeSpan.FromMinutes(14.9), TimeSpan.FromMinutes(15.1));
        Assert.DoesNotContain("unconscious", System.Text.Encoding.UTF8.GetString(grant.ReasonCipher));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.BreakGlassGranted && e.ActorId == outsider.Id && e.PatientId == patient.Id && e.TargetId == grant.Id.ToString()));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PatientView && e.ActorId == outsider.Id && e.PatientId == patient.Id && e.Outcome == AuditOutcomes.Success));

        // When the time is up, so is the access.
        await db.BreakGlassGrants.Where(g => g.Id == grant.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiresUtc, DateTime.UtcNow.AddSeconds(-1)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/staff/patients/{patient.Id}")).StatusCode);
    }

    [Fact]
    public async Task Admins_build_care_teams_by_account_email()
    {
        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync();
        using var adminClient = portal.NewClient();
        await adminClient.SignInAsync(admin);
        var added = await adminClient.PostFormAsync("/admin/care-teams", new Dictionary<string, string> { ["StaffEmail"] = staff.Email, ["PatientEmail"] = patient.Email });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var wrong = await adminClient.PostFormAsync("/admin/care-teams", new Dictionary<string, string> { ["StaffEmail"] = patient.Email, ["PatientEmail"] = staff.Email });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);

        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await staffClient.GetAsync($"/staff/patients/{patient.Id}")).StatusCode);
    }
}
