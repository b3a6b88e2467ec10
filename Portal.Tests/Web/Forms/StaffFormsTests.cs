using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Answers;
using Portal.Forms.Instruments;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>Staff assign to a group, read scored submissions with their flags, and export several as a zip only after step-up.</summary>
[Collection(PortalCollection.Name)]
public sealed class StaffFormsTests(PortalFactory portal)
{
    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Staff_assign_to_all_their_patients_but_never_to_someone_elses()
    {
        var staff = await portal.CreateStaffAsync();
        var first = await portal.CreatePatientAsync(null, staff.Id);
        var second = await portal.CreatePatientAsync(null, staff.Id);
        var stranger = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        var due = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd");

        var toStranger = await client.PostFormAsync("/staff/forms/assignments?handler=Assign", new Dictionary<string, string>
            { ["FormId"] = Phq9.FormId, ["Due"] = due, ["PatientIds"] = stranger.Id.ToString() }, tokenPage: "/staff/forms/assignments");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toStranger.StatusCode);
        var pastDue = await client.PostFormAsync("/staff/forms/assignments?handler=Assign", new Dictionary<string, string>
            { ["FormId"] = Phq9.FormId, ["Due"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), ["AllMyPatients"] = "true" }, tokenPage: "/staff/forms/assignments");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastDue.StatusCode);

        var assigned = await client.PostFormAsync("/staff/forms/assignments?handler=Assign", new Dictionary<string, string>
            { ["FormId"] = Phq9.FormId, ["Due"] = due, ["AllMyPatients"] = "true" }, tokenPage: "/staff/forms/assignments");
        Assert.Equal("/staff/forms/assignments?assigned=2", assigned.Headers.Location!.OriginalString);
        await using var db = await DbAsync();
        var rows = await db.FormAssignments.AsNoTracking().Where(a => a.FormId == Phq9.FormId && a.AssignedBy == staff.Id).ToListAsync();
        Assert.Equal(new[] { first.Id, second.Id }.Order(), rows.Select(r => r.PatientId).Order());
        Assert.False(await db.FormAssignments.AnyAsync(a => a.PatientId == stranger.Id));
        // Another team's patient has a form too; this staff member's status list never shows it.
        await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(stranger.Id)
            .AssignAsync(new NewFormAssignment(Phq9.FormId, 1, DateTime.UtcNow.AddDays(3)), await portal.TeamStaffActorAsync());
        var status = await client.GetPageAsync("/staff/forms/assignments");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(status, "data-assignment-id").Count);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormAssignmentsView && e.ActorId == staff.Id));
    }

    [Fact]
    public async Task Staff_see_phq9_bands_and_the_item_9_flag_and_export_a_zip_only_after_step_up()
    {
        var patient = await portal.CreatePatientAsync();
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var forms = grains.GetGrain<IPatientFormsGrain>(patient.Id);
        var staffActor = await portal.TeamStaffActorAsync();
        var ids = new List<Guid>();
        foreach (var item9 in new[] { "1", "0" })
        {
            var assignment = await forms.AssignAsync(new NewFormAssignment(Phq9.FormId, 1, DateTime.UtcNow.AddDays(3)), staffActor);
            var answers = new FormAnswers();
            foreach (var id in Phq9.ItemIds)
                answers.Set(id, new TextAnswer(id == Phq9.SelfHarmItemId ? item9 : "2"));
            answers.Set(Phq9.DifficultyId, new TextAnswer("somewhat"));
            var outcome = await forms.SubmitAsync(assignment, SubmissionSeal.Serialize(answers), FormTestData.PatientActor(patient.Id));
            Assert.True(outcome!.Succeeded, string.Join("; ", outcome.Problems));
            ids.Add(outcome.SubmissionId!.Value);
        }

        using var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        var flagged = await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{ids[0]}");
        Assert.Contains("17 of 27", flagged);
        Assert.Contains("Moderately severe depression", flagged);
        Assert.Contains("Needs attention", flagged);
        var calm = await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{ids[1]}");
        Assert.Contains("16 of 27", calm);
        Assert.DoesNotContain("Needs attention", calm);

        var exportPath = $"/staff/forms/export?patientId={patient.Id}&id={ids[0]}&id={ids[1]}";
        var zipResponse = await staff.GetAsync(exportPath);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType!.MediaType);
        using (var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync()))
        {
            Assert.Equal(2, zip.Entries.Count);
            Assert.All(zip.Entries, e => Assert.EndsWith(".pdf", e.Name));
        }

        // Once the second factor is older than the step-up window, export asks for it again.
        await using (var db = await DbAsync())
            await db.UserSessions.Where(s => s.UserId == staffActor.UserId).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorUtc, DateTime.UtcNow.AddHours(-1)));
        var stale = await staff.GetAsync(exportPath);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/step-up", stale.Headers.Location!.OriginalString);

        // A care-team outsider gets no export at all.
        var outsider = await portal.CreateStaffAsync();
        using var other = portal.NewClient();
        await other.SignInAsync(outsider);
        var refused = await other.GetAsync(exportPath);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.EndsWith("/emergency-access", refused.Headers.Location!.OriginalString);
    }
}
