using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Answers;
using Portal.Forms.Instruments;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Forms.Results;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;

namespace Portal.Tests.Grains.Forms.Results;

/// <summary>The results pages' real source over sealed submissions: an erased record and a submission whose stored copy
/// was changed are left out of the figures, never counted unverified.</summary>
[Collection(PortalCollection.Name)]
public sealed class StoredSubmissionsSourceTests(PortalFactory portal)
{
    [Fact]
    public async Task Only_submissions_whose_seal_holds_and_whose_record_exists_are_counted_on_the_page()
    {
        var staff = await portal.CreateStaffAsync();
        var kept = await portal.CreatePatientAsync("Kept Example", staff.Id);
        var erased = await portal.CreatePatientAsync("Erased Example", staff.Id);
        var tampered = await portal.CreatePatientAsync("Tampered Example", staff.Id);
        var submissions = new Dictionary<Guid, Guid>();
        foreach (var patient in new[] { kept, erased, tampered })
            submissions[patient.Id] = await SubmitPhq9Async(patient.Id, item: "2");

        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        Assert.True(await grains.GetGrain<IPatientGrain>(erased.Id).EraseRecordAsync(new AuditActor(admin.Id, PortalRoles.Admin, "127.0.0.1")));
        await using (var db = portal.Database.Factory().CreateDbContext())
        {
            // The clear copy of the content hash no longer matches what was signed.
            var row = await db.FormSubmissions.SingleAsync(s => s.Id == submissions[tampered.Id]);
            row.SignedContentHash = new string('0', row.SignedContentHash.Length);
            await db.SaveChangesAsync();
        }

        var responses = await portal.Services.GetRequiredService<IFormResultsSource>()
            .ReadAsync(Phq9.FormId, [kept.Id, erased.Id, tampered.Id]);
        var only = Assert.Single(responses);
        Assert.Equal(kept.Id, only.PatientId);
        Assert.Equal(1, only.Version);

        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        var html = await client.GetPageAsync($"/staff/forms/{Phq9.FormId}/results");
        Assert.Contains("<tr><td>Version 1</td><td>1</td></tr>", html);
        Assert.Contains("PHQ-9 total over time for Kept Example", html);
        Assert.DoesNotContain("Tampered Example", html);
    }

    private async Task<Guid> SubmitPhq9Async(Guid patientId, string item)
    {
        var forms = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(patientId);
        var assignment = await forms.AssignAsync(new NewFormAssignment(Phq9.FormId, 1, DateTime.UtcNow.AddDays(3)), await portal.TeamStaffActorAsync());
        var answers = new FormAnswers();
        foreach (var id in Phq9.ItemIds)
            answers.Set(id, new TextAnswer(item));
        answers.Set(Phq9.DifficultyId, new TextAnswer("somewhat"));
        var outcome = await forms.SubmitAsync(assignment, SubmissionSeal.Serialize(answers), FormTestData.PatientActor(patientId));
        Assert.True(outcome!.Succeeded, string.Join("; ", outcome.Problems));
        return outcome.SubmissionId!.Value;
    }
}
