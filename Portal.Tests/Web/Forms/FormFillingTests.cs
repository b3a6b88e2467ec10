using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using UglyToad.PdfPig;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>A patient fills an assigned multi-page form over HTTP; staff read and export it.</summary>
[Collection(PortalCollection.Name)]
public sealed class FormFillingTests(PortalFactory portal)
{
    private const string ScriptAnswer = "<script>alert('x')</script> Metformin 500 mg";

    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<(ProvisionedAccount Patient, Guid AssignmentId, PortalClient Client)> AssignedPatientAsync()
    {
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var patient = await portal.CreatePatientAsync("Ana Müller");
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        var client = portal.NewClient();
        await client.SignInAsync(patient);
        return (patient, assignmentId, client);
    }

    [Fact]
    public async Task Patient_fills_pages_with_logic_saves_a_draft_resumes_signs_and_submits_and_staff_export_it()
    {
        var (patient, assignmentId, client) = await AssignedPatientAsync();
        var path = $"/forms/{assignmentId}";

        // The notice names no form and carries a link only.
        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "You have a form to fill in");
        Assert.DoesNotContain("intake", notice.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"https://portal.test/forms/{assignmentId}", notice.TextBody);

        Assert.Contains("To do", await client.GetPageAsync("/forms"));

        // A required answer missing: refused with a linked summary and an error beside the field; nothing stored.
        var missing = FormTestData.AboutPage();
        missing.Remove("full_name");
        var refused = await client.PostFormAsync($"{path}?handler=Page", missing, tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#f-full_name\"", html);
        Assert.Contains("id=\"f-full_name-error\"", html);
        Assert.Contains("aria-describedby=\"f-full_name-error\"", html);
        await using (var db = await DbAsync())
            Assert.Null((await db.FormAssignments.SingleAsync(a => a.Id == assignmentId)).DraftCipher);

        // Page 1, then save a draft on page 2 and come back later.
        var next = await client.PostFormAsync($"{path}?handler=Page", FormTestData.AboutPage(), tokenPage: path);
        Assert.Equal($"{path}?step=health", next.Headers.Location!.OriginalString);
        var save = FormTestData.HealthPage();
        save["go"] = "save";
        Assert.Equal("/forms?saved=true", (await client.PostFormAsync($"{path}?handler=Page", save, tokenPage: $"{path}?step=health")).Headers.Location!.OriginalString);
        await using (var db = await DbAsync())
        {
            var row = await db.FormAssignments.SingleAsync(a => a.Id == assignmentId);
            Assert.NotNull(row.DraftCipher);
            Assert.DoesNotContain("Müller", Encoding.UTF8.GetString(row.DraftCipher!));
            Assert.Equal("health", row.DraftPageId);
        }
        Assert.Contains("In progress", await client.GetPageAsync("/forms"));
        var resumed = await client.GetPageAsync(path);
        Assert.Contains("Your health", resumed);
        Assert.Contains("value=\"current\" checked=\"checked\"", resumed);

        // Smoker: the smoking page appears (page condition); medications "yes" keeps the medications page.
        Assert.Equal($"{path}?step=smoking", (await client.PostFormAsync($"{path}?handler=Page", FormTestData.HealthPage(), tokenPage: path)).Headers.Location!.OriginalString);
        var outOfRange = await client.PostFormAsync($"{path}?handler=Page", new Dictionary<string, string> { ["pageId"] = "smoking", ["go"] = "next", ["cigarettes_per_day"] = "999" }, tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfRange.StatusCode);
        Assert.Equal($"{path}?step=medications", (await client.PostFormAsync($"{path}?handler=Page", new Dictionary<string, string> { ["pageId"] = "smoking", ["go"] = "next", ["cigarettes_per_day"] = "12" }, tokenPage: path)).Headers.Location!.OriginalString);
        Assert.Equal($"{path}?step=consent", (await client.PostFormAsync($"{path}?handler=Page", new Dictionary<string, string> { ["pageId"] = "medications", ["go"] = "next", ["medication_list"] = ScriptAnswer }, tokenPage: path)).Headers.Location!.OriginalString);
        Assert.Equal($"{path}?step=review", (await client.PostFormAsync($"{path}?handler=Page", new Dictionary<string, string> { ["pageId"] = "consent", ["go"] = "next", ["consent_treatment"] = "true" }, tokenPage: path)).Headers.Location!.OriginalString);

        // The review shows the script as text, never as markup.
        var review = await client.GetPageAsync($"{path}?step=review");
        Assert.DoesNotContain("<script>alert", review);
        Assert.Contains("&lt;script&gt;alert", review);

        // A forged, non-PNG drawing is refused; a real one with the typed name is accepted.
        var forged = await client.PostFormAsync($"{path}?handler=Submit", new Dictionary<string, string> { ["signature.name"] = "Ana Müller", ["signature.image"] = "data:image/png;base64," + Convert.ToBase64String(Encoding.ASCII.GetBytes("<svg onload=alert(1)>")) }, tokenPage: $"{path}?step=review");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("must be a PNG", await forged.Content.ReadAsStringAsync());
        var signed = await client.PostFormAsync($"{path}?handler=Submit", new Dictionary<string, string> { ["signature.name"] = "Ana Müller", ["signature.image"] = Portal.Tests.Forms.TestPng.DataUri(Portal.Tests.Forms.TestPng.Signature()) }, tokenPage: $"{path}?step=review");
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Contains("cannot be changed", await client.GetPageAsync(path));

        // A submitted assignment cannot be changed.
        var again = await client.PostFormAsync($"{path}?handler=Page", FormTestData.AboutPage("Someone Else"), tokenPage: "/forms");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Guid submissionId;
        string signedContentHash;
        await using (var db = await DbAsync())
        {
            var stored = await db.FormSubmissions.SingleAsync(s => s.AssignmentId == assignmentId);
            submissionId = stored.Id;
            signedContentHash = stored.SignedContentHash;
            Assert.Equal(patient.Id, stored.PatientId);
            Assert.DoesNotContain("Metformin", Encoding.UTF8.GetString(stored.RecordCipher));
            Assert.Null((await db.FormAssignments.SingleAsync(a => a.Id == assignmentId)).DraftCipher);
        }

        // Staff read it (audited) and export it as a PDF whose text holds every answer.
        using var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        var view = await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}");
        Assert.Contains("&lt;script&gt;alert", view);
        Assert.Contains("203.0.113.7", view);
        var pdfResponse = await staff.GetAsync($"/staff/forms/export?patientId={patient.Id}&id={submissionId}");
        Assert.Equal(HttpStatusCode.OK, pdfResponse.StatusCode);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType!.MediaType);
        var pdf = await pdfResponse.Content.ReadAsByteArrayAsync();
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "forms-export-sample.pdf"), pdf);
        using (var document = PdfDocument.Open(pdf))
        {
            var text = Squash(string.Concat(document.GetPages().Select(p => p.Text)));
            foreach (var expected in new[] { "Ana Müller", "1980-04-23", "+1 555 010 2030", "Email", "Asthma", "12", "<script>alert('x')</script>", "Metformin 500 mg", "3 out of 10", "Typed name: Ana Müller", "Signed content hash (SHA-256):" + signedContentHash })
                Assert.Contains(Squash(expected), text);
        }
        await using (var db = await DbAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormSubmissionExport && e.TargetId == submissionId.ToString()));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormSubmissionView && e.TargetId == submissionId.ToString() && e.Outcome == AuditOutcomes.Success));
        }
    }

    [Fact]
    public async Task Another_patients_assignment_answers_like_an_unknown_one()
    {
        var (_, assignmentId, _) = await AssignedPatientAsync();
        var other = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(other);
        var theirs = await client.GetAsync($"/forms/{assignmentId}");
        var unknown = await client.GetAsync($"/forms/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(unknown.StatusCode, theirs.StatusCode);
        Assert.Equal((await unknown.Content.ReadAsStringAsync()).Length, (await theirs.Content.ReadAsStringAsync()).Length);
        var post = await client.PostFormAsync($"/forms/{assignmentId}?handler=Page", FormTestData.AboutPage(), tokenPage: "/forms");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        await using var db = await DbAsync();
        Assert.Null((await db.FormAssignments.SingleAsync(a => a.Id == assignmentId)).DraftCipher);
    }

    [Fact]
    public async Task Submission_answering_a_hidden_question_or_skipping_a_required_one_is_refused_and_nothing_is_stored()
    {
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var patient = await portal.CreatePatientAsync();
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(patient.Id);
        var answers = new Portal.Forms.Answers.FormAnswers()
            .Set("full_name", new Portal.Forms.Answers.TextAnswer("Ana"))
            .Set("date_of_birth", new Portal.Forms.Answers.DateAnswer(new DateOnly(1980, 1, 1)))
            .Set("preferred_contact", new Portal.Forms.Answers.TextAnswer("email"))
            .Set("smoker", new Portal.Forms.Answers.TextAnswer("never"))
            .Set("medications_any", new Portal.Forms.Answers.TextAnswer("no"))
            .Set("cigarettes_per_day", new Portal.Forms.Answers.NumberAnswer(20)) // hidden: not a smoker
            .Set("consent_treatment", new Portal.Forms.Answers.BooleanAnswer(true));
        var outcome = await grain.SubmitAsync(assignmentId, SubmissionSeal.Serialize(answers), FormTestData.PatientActor(patient.Id));
        Assert.NotNull(outcome);
        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Problems, p => p.FieldId == "cigarettes_per_day");
        Assert.Contains(outcome.Problems, p => p.FieldId == "signature");
        await using var db = await DbAsync();
        Assert.False(await db.FormSubmissions.AnyAsync(s => s.AssignmentId == assignmentId));
        Assert.Null((await db.FormAssignments.SingleAsync(a => a.Id == assignmentId)).SubmittedUtc);
    }

    [Fact]
    public async Task A_changed_stored_submission_is_detected_on_every_read()
    {
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var patient = await portal.CreatePatientAsync();
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(patient.Id);
        var answers = FormTestData.CompleteIntake();
        var actor = FormTestData.PatientActor(patient.Id);
        var outcome = await grain.SubmitAsync(assignmentId, SubmissionSeal.Serialize(answers), actor);
        Assert.True(outcome!.Succeeded, string.Join("; ", outcome.Problems));
        var id = outcome.SubmissionId!.Value;
        var view = await grain.GetSubmissionAsync(id, actor);
        Assert.Equal(Portal.Forms.Versioning.ContentHash.Of(view!.SignedContentJson), view.SignedContentHash);
        Assert.Contains("\"full_name\"", view.SignedContentJson);

        await using var db = await DbAsync();
        // The signer's time moved by one second in the clear column...
        var signedAt = (await db.FormSubmissions.AsNoTracking().SingleAsync(s => s.Id == id)).SubmittedUtc;
        await db.FormSubmissions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SubmittedUtc, signedAt.AddSeconds(1)));
        await Assert.ThrowsAsync<SubmissionTamperedException>(() => grain.GetSubmissionAsync(id, actor));
        await db.FormSubmissions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SubmittedUtc, signedAt));
        Assert.NotNull(await grain.GetSubmissionAsync(id, actor));

        // ...or one byte of the sealed record flipped.
        var row = await db.FormSubmissions.AsNoTracking().SingleAsync(s => s.Id == id);
        var cipher = row.RecordCipher.ToArray();
        cipher[^1] ^= 1;
        await db.FormSubmissions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RecordCipher, cipher));
        await Assert.ThrowsAsync<SubmissionTamperedException>(() => grain.GetSubmissionAsync(id, actor));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormSubmissionTampered && e.TargetId == id.ToString()));

        using var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.GetAsync($"/staff/patients/{patient.Id}/submissions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Reminders_are_durable_rows_that_become_mail_before_the_due_date_and_when_overdue()
    {
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var patient = await portal.CreatePatientAsync();
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId, days: 7);
        var schedule = portal.Services.GetRequiredService<FormReminderSchedule>();
        await using var db = await DbAsync();
        var row = await db.FormAssignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId);
        Assert.Equal(row.DueUtc - TimeSpan.FromDays(2), row.NextReminderUtc);

        // As if the process had been down when the reminder fell due: the row is still there and is picked up.
        await db.FormAssignments.Where(a => a.Id == assignmentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.NextReminderUtc, DateTime.UtcNow.AddMinutes(-1)));
        await schedule.SweepAsync();
        Assert.Equal(row.DueUtc, (await db.FormAssignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId)).NextReminderUtc);
        var dueSoon = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "Reminder: a form is due soon");
        Assert.Contains($"/forms/{assignmentId}", dueSoon.TextBody);

        await db.FormAssignments.Where(a => a.Id == assignmentId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.DueUtc, DateTime.UtcNow.AddMinutes(-1)).SetProperty(a => a.NextReminderUtc, DateTime.UtcNow.AddMinutes(-1)));
        await schedule.SweepAsync();
        Assert.Null((await db.FormAssignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId)).NextReminderUtc);
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "Reminder: a form is overdue");
        Assert.Equal(0, await schedule.SweepAsync());

        using var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        Assert.Contains("Overdue", await staff.GetPageAsync($"/staff/patients/{patient.Id}/forms"));
    }

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
