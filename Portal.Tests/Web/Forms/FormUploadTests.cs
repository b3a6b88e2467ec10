using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using UglyToad.PdfPig;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>A patient answers a required upload question of an assigned form over multipart HTTP.</summary>
[Collection(PortalCollection.Name)]
public sealed class FormUploadTests(PortalFactory portal)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nReferral for Ana: HbA1c 9.1%\n%%EOF\n");
    private static readonly Dictionary<string, string> Next = new() { ["pageId"] = "letter", ["go"] = "next", ["note"] = "" };

    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task A_required_upload_is_refused_when_missing_or_wrong_then_stored_encrypted_submitted_and_exported()
    {
        var formId = await FormTestData.PublishUploadFormAsync(portal);
        var patient = await portal.CreatePatientAsync("Ana Müller");
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var path = $"/forms/{assignmentId}";
        var action = $"{path}?handler=Page";

        var page = await client.GetPageAsync(path);
        Assert.Contains("enctype=\"multipart/form-data\"", page);
        Assert.Contains("type=\"file\" id=\"f-letter\" name=\"letter\" accept=\".pdf,.png,.jpg,.jpeg\"", page);

        // Missing, disguised and oversize files each get an error beside the question and store nothing.
        var missing = await client.PostFilesAsync(action, Next, [], tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("id=\"f-letter-error\"", await missing.Content.ReadAsStringAsync());
        var disguised = await client.PostFilesAsync(action, Next, [("letter", "letter.png", "image/png", Pdf)], tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, disguised.StatusCode);
        Assert.Contains("does not match its name", await disguised.Content.ReadAsStringAsync());
        var oversize = await client.PostFilesAsync(action, Next, [("letter", "letter.pdf", "application/pdf", [.. Pdf, .. new byte[2048]])], tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oversize.StatusCode);
        Assert.Contains("larger than the 1 KB allowed", await oversize.Content.ReadAsStringAsync());
        var injected = await client.PostFilesAsync(action, Next, [("letter", "letter\r\nX-Injected: yes.pdf", "application/pdf", Pdf)], tokenPage: path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, injected.StatusCode);
        Assert.Contains("name cannot be used", await injected.Content.ReadAsStringAsync());
        await using (var db = await DbAsync())
            Assert.False(await db.FormFiles.AnyAsync(f => f.AssignmentId == assignmentId));

        var accepted = await client.PostFilesAsync(action, Next, [("letter", "referral-letter.pdf", "application/pdf", Pdf)], tokenPage: path);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        await using (var db = await DbAsync())
        {
            var row = await db.FormFiles.SingleAsync(f => f.AssignmentId == assignmentId);
            Assert.Equal(patient.Id, row.PatientId);
            Assert.DoesNotContain("HbA1c", Encoding.ASCII.GetString(row.ContentCipher));
        }

        // Going back shows the stored file; Next without a new file keeps it.
        var stored = await client.GetPageAsync($"{path}?step=letter");
        Assert.Contains("Uploaded: referral-letter.pdf", stored);
        // Screen readers hear which file is stored and what is accepted when they reach the file input.
        Assert.Matches(@"type=""file""[^>]*aria-describedby=""[^""]*-current [^""]*-types""", stored);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFilesAsync(action, Next, [], tokenPage: path)).StatusCode);
        var submitted = await client.PostFormAsync($"{path}?handler=Submit", new Dictionary<string, string>(), tokenPage: path);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        Guid submissionId;
        await using (var db = await DbAsync())
            submissionId = (await db.FormSubmissions.SingleAsync(s => s.AssignmentId == assignmentId)).Id;
        using var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        Assert.Contains("referral-letter.pdf", await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}"));
        var pdf = await (await staff.GetAsync($"/staff/forms/export?patientId={patient.Id}&id={submissionId}")).Content.ReadAsByteArrayAsync();
        using (var document = PdfDocument.Open(pdf))
            Assert.Contains("referral-letter.pdf", string.Concat(document.GetPages().Select(p => p.Text)), StringComparison.Ordinal);

        // Staff download it with headers that make browsers save it and never run it; the read is audited.
        var staffPath = $"/staff/patients/{patient.Id}/submissions/{submissionId}/files/letter";
        Assert.Contains($"href=\"{staffPath}\"", await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}"));
        var download = await staff.GetAsync(staffPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"referral-letter.pdf\"; filename*=UTF-8''referral-letter.pdf", download.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", download.Headers.CacheControl!.ToString());
        Assert.StartsWith("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
        await using (var db = await DbAsync())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == Portal.Grains.Audit.AuditActions.FormFileDownload && e.PatientId == patient.Id && e.Outcome == "success"));

        // The patient downloads their own; another patient, a staff member off the care team and a wrong question get 404.
        Assert.Equal(Pdf, await (await client.GetAsync($"/forms/submissions/{submissionId}/files/letter")).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}/files/note")).StatusCode);
        var otherPatient = await portal.CreatePatientAsync();
        using var other = portal.NewClient();
        await other.SignInAsync(otherPatient);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/forms/submissions/{submissionId}/files/letter")).StatusCode);
        using var outsider = portal.NewClient();
        await outsider.SignInAsync(await portal.CreateAccountAsync(Portal.Grains.Identity.PortalRoles.Staff));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(staffPath)).StatusCode);
    }
}
