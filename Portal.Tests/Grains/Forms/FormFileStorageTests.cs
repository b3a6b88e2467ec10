using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Answers;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Tests.Grains.Forms;

/// <summary>Files answering form questions are checked, stored encrypted under the patient's key, and reachable only by
/// that patient and their care team.</summary>
[Collection(PortalCollection.Name)]
public sealed class FormFileStorageTests(PortalFactory portal)
{
    private const string Secret = "Result: HbA1c 9.1% for Ana";
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes($"%PDF-1.7\n{Secret}\n%%EOF\n");

    private IGrainFactory Grains => portal.Services.GetRequiredService<IGrainFactory>();

    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<(Guid PatientId, Guid AssignmentId, AuditActor Patient)> AssignedUploadFormAsync()
    {
        var formId = await FormTestData.PublishUploadFormAsync(portal);
        var patient = await portal.CreatePatientAsync("Ana Müller");
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        return (patient.Id, assignmentId, new AuditActor(patient.Id, PortalRoles.Patient, "127.0.0.1"));
    }

    [Fact]
    public async Task An_accepted_pdf_is_stored_encrypted_replaced_on_reupload_and_read_back_by_patient_and_care_team()
    {
        var (patientId, assignmentId, patient) = await AssignedUploadFormAsync();
        var grain = Grains.GetGrain<IPatientFormsGrain>(patientId);

        var first = await grain.StoreFileAsync(assignmentId, "letter", "old-letter.pdf", Pdf, patient);
        var second = await grain.StoreFileAsync(assignmentId, "letter", "../hiv-referral.pdf", Pdf, patient);

        // The answer pins the exact bytes by SHA-256, so the sealed submission covers the file.
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf));
        Assert.Equal(new FileAnswer("old-letter.pdf", "application/pdf", Pdf.Length, sha256), first!.Answer);
        Assert.Equal(new FileAnswer("hiv-referral.pdf", "application/pdf", Pdf.Length, sha256), second!.Answer);
        await using (var db = await DbAsync())
        {
            var row = await db.FormFiles.SingleAsync(f => f.AssignmentId == assignmentId);
            Assert.Equal(("letter", "application/pdf", (long)Pdf.Length), (row.FieldId, row.ContentType, row.SizeBytes));
            Assert.DoesNotContain("HbA1c", Encoding.ASCII.GetString(row.ContentCipher));
            Assert.DoesNotContain("hiv", Encoding.ASCII.GetString(row.FileNameCipher));
        }

        var own = await grain.OpenFileAsync(assignmentId, "letter", patient);
        var staffCopy = await grain.OpenFileAsync(assignmentId, "letter", await portal.TeamStaffActorAsync());
        Assert.Equal(("hiv-referral.pdf", "application/pdf"), (own!.FileName, own.ContentType));
        Assert.Equal(Pdf, own.Content);
        Assert.Equal(Pdf, staffCopy!.Content);
        await using (var db = await DbAsync())
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FormFileDownload && e.PatientId == patientId && e.Outcome == AuditOutcomes.Success));
    }

    [Theory]
    [InlineData("letter.pdf", "not a pdf at all", "Only PDF, PNG and JPEG")]
    [InlineData("letter.png", "%PDF-1.7 claims to be a png", "does not match its name")]
    [InlineData("letter.pdf", null, "larger than")]
    public async Task A_refused_file_gets_a_reason_and_leaves_the_stored_one_untouched(string name, string? text, string problem)
    {
        var (patientId, assignmentId, patient) = await AssignedUploadFormAsync();
        var grain = Grains.GetGrain<IPatientFormsGrain>(patientId);
        await grain.StoreFileAsync(assignmentId, "letter", "kept.pdf", Pdf, patient);

        var content = text is null ? [.. "%PDF-"u8, .. new byte[2048]] : Encoding.ASCII.GetBytes(text);
        var outcome = await grain.StoreFileAsync(assignmentId, "letter", name, content, patient);

        Assert.Null(outcome!.Answer);
        Assert.Contains(problem, outcome.Problem, StringComparison.Ordinal);
        var kept = await grain.OpenFileAsync(assignmentId, "letter", patient);
        Assert.Equal("kept.pdf", kept!.FileName);
        Assert.Equal(Pdf, kept.Content);
    }

    [Fact]
    public async Task Another_patient_an_outsider_or_a_non_upload_question_reach_nothing()
    {
        var (patientId, assignmentId, patient) = await AssignedUploadFormAsync();
        await Grains.GetGrain<IPatientFormsGrain>(patientId).StoreFileAsync(assignmentId, "letter", "letter.pdf", Pdf, patient);
        var (otherId, _, other) = await AssignedUploadFormAsync();
        var otherGrain = Grains.GetGrain<IPatientFormsGrain>(otherId);

        Assert.Null(await otherGrain.OpenFileAsync(assignmentId, "letter", other));
        Assert.Null(await otherGrain.StoreFileAsync(assignmentId, "letter", "letter.pdf", Pdf, other));
        Assert.Null(await Grains.GetGrain<IPatientFormsGrain>(patientId).StoreFileAsync(assignmentId, "note", "letter.pdf", Pdf, patient));
        var outsider = await portal.CreateAccountAsync(PortalRoles.Staff);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Grains.GetGrain<IPatientFormsGrain>(patientId).OpenFileAsync(assignmentId, "letter", new AuditActor(outsider.Id, PortalRoles.Staff, null)));
        await using var db = await DbAsync();
        Assert.Equal(1, await db.FormFiles.CountAsync(f => f.AssignmentId == assignmentId));
    }
}
