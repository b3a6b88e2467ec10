using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Definitions;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>A public (anonymous) form whose questions take files: checks, per-session bounds and isolation, encryption
/// under the submission's own key, staff review, attaching to a patient, and the sweep of abandoned uploads.</summary>
public sealed class PublicFormUploadTests : IAsyncLifetime
{
    private static readonly byte[] Png = TestFiles.Png();
    private static readonly byte[] Pdf = TestFiles.Pdf("Referral for Ana: HbA1c 9.1%");
    private static readonly byte[] Exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["PublicForms:MinimumFillTime"] = "00:00:00",
            ["PublicForms:Uploads:MaxFilesPerSession"] = "2",
            ["PublicForms:Uploads:MaxBytesPerSession"] = "204800",
        });
        await _portal.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    private async Task<PortalDbContext> DbAsync() =>
        await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    internal static string State(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"state\" value=\"([^\"]+)\"").Groups[1].Value);

    internal static Dictionary<string, string> Documents(string html, string name = "Ana Müller") =>
        new() { ["pageId"] = "documents", ["go"] = "next", ["name"] = name, ["state"] = State(html) };

    private async Task<(HttpResponseMessage Response, string Html)> UploadAsync(PortalClient client, string path, string html,
        params (string Field, string FileName, string ContentType, byte[] Content)[] files)
    {
        var response = await client.PostFilesAsync($"{path}?handler=Page", Documents(html), files, tokenPage: path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A new-patient intake: a required photo of the insurance card (at most 64 KiB), an optional referral letter and an optional other document.</summary>
    private Task<string> PublishAsync() => PublishDocumentsFormAsync(_portal);

    internal static async Task<string> PublishDocumentsFormAsync(PortalFactory portal)
    {
        var library = portal.Services.GetRequiredService<IFormLibrary>();
        var staff = await portal.TeamStaffActorAsync();
        var formId = await library.CreateAsync("New patient documents", staff);
        await library.SaveDraftAsync(new FormDefinition
        {
            Id = formId,
            Version = 1,
            Title = "New patient documents",
            Pages =
            [
                new FormPage
                {
                    Id = "documents", Title = "Your documents",
                    Fields =
                    [
                        new FieldDefinition { Id = "name", Type = FieldType.ShortText, Label = "Full name", Required = true },
                        new FieldDefinition { Id = "card", Type = FieldType.FileUpload, Label = "Photo of your insurance card", Required = true, Rules = new ValidationRules { MaxFileBytes = 64 * 1024 } },
                        new FieldDefinition { Id = "referral", Type = FieldType.FileUpload, Label = "Referral letter" },
                        new FieldDefinition { Id = "other", Type = FieldType.FileUpload, Label = "Other document" },
                    ],
                },
            ],
        }, staff);
        await library.PublishDraftAsync(formId, staff);
        return await portal.Services.GetRequiredService<PublicForms>().CreateLinkAsync(formId, staff);
    }

    [Fact]
    public async Task A_session_takes_no_more_bytes_of_files_than_its_allowance()
    {
        var token = await PublishAsync();
        var path = $"/f/{token}";
        using var visitor = _portal.NewClient();
        var html = await visitor.GetPageAsync(path);

        // 200 KB per session: a small card fits, a 250 KB letter beside it does not.
        var (response, body) = await UploadAsync(visitor, path, html,
            ("card", "insurance-card.png", "image/png", Png), ("referral", "referral-letter.pdf", "application/pdf", [.. Pdf, .. new byte[250 * 1024]]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("takes at most 200 KB of files in all", Regex.Match(body, "id=\"f-referral-error\">(.*?)</p>").Groups[1].Value);
        await using var db = await DbAsync();
        Assert.Equal(["card"], await db.PublicFormFiles.AsNoTracking().Select(f => f.FieldId).ToListAsync());
    }

    [Fact]
    public async Task Uploads_are_checked_bounded_kept_to_their_session_encrypted_reviewed_by_staff_and_moved_to_the_patient_on_attach()
    {
        var token = await PublishAsync();
        var path = $"/f/{token}";
        using var visitor = _portal.NewClient();
        var html = await visitor.GetPageAsync(path);
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Contains("type=\"file\" id=\"f-card\" name=\"card\"", html);
        Assert.DoesNotContain("uploads are not taken online", html);

        // Missing, disguised, oversize: an error beside the question each time, and nothing stored.
        var (missing, missingHtml) = await UploadAsync(visitor, path, html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("id=\"f-card-error\"", missingHtml);
        var (spoofed, spoofedHtml) = await UploadAsync(visitor, path, html, ("card", "card.png", "image/png", Exe));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, spoofed.StatusCode);
        Assert.Contains("Error: Only PDF, PNG and JPEG files can be uploaded.", Regex.Match(spoofedHtml, "id=\"f-card-error\">(.*?)</p>").Groups[1].Value);
        var (oversize, oversizeHtml) = await UploadAsync(visitor, path, html, ("card", "card.png", "image/png", [.. Png, .. new byte[70 * 1024]]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, oversize.StatusCode);
        Assert.Contains("larger than the 64 KB allowed", oversizeHtml);
        var (injected, injectedHtml) = await UploadAsync(visitor, path, html, ("card", "card\r\nX-Injected: yes.png", "image/png", Png));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, injected.StatusCode);
        Assert.Contains("name cannot be used", Regex.Match(injectedHtml, "id=\"f-card-error\">(.*?)</p>").Groups[1].Value);
        // A post larger than a whole session's files is turned away before its body is read.
        var (huge, _) = await UploadAsync(visitor, path, html, ("card", "card.png", "image/png", [.. Png, .. new byte[1400 * 1024]]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await using (var db = await DbAsync())
            Assert.False(await db.PublicFormFiles.AnyAsync());

        // Three files where a session takes two: the third is refused beside its question, the first two are kept.
        var (tooMany, tooManyHtml) = await UploadAsync(visitor, path, html,
            ("card", "insurance-card.png", "image/png", Png), ("referral", "referral-letter.pdf", "application/pdf", Pdf), ("other", "other.pdf", "application/pdf", Pdf));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("A form sent without signing in takes at most 2 files.", Regex.Match(tooManyHtml, "id=\"f-other-error\">(.*?)</p>").Groups[1].Value);
        Assert.Contains("Uploaded: insurance-card.png", tooManyHtml);
        byte[] cardCipher;
        await using (var db = await DbAsync())
        {
            var rows = await db.PublicFormFiles.AsNoTracking().ToListAsync();
            Assert.Equal(["card", "referral"], rows.Select(r => r.FieldId).Order());
            var card = rows.Single(r => r.FieldId == "card");
            cardCipher = card.ContentCipher;
            Assert.Null(card.PatientId);
            Assert.Equal("image/png", card.ContentType);
            Assert.Equal(Png.Length, card.SizeBytes);
            // The bytes at rest are not the upload, and neither is the name.
            Assert.False(card.ContentCipher.AsSpan().IndexOf(Png.AsSpan(0, 64)) >= 0);
            Assert.DoesNotContain("HbA1c", Encoding.Latin1.GetString(rows.Single(r => r.FieldId == "referral").ContentCipher));
            Assert.DoesNotContain("insurance-card", Encoding.Latin1.GetString(card.FileNameCipher));
        }

        // Another visitor's session stores its file under its own session: the first visitor's file is untouched,
        // anonymous visitors have no way to download, and a state changed by the client is refused.
        using var intruder = _portal.NewClient();
        var intruderHtml = await intruder.GetPageAsync(path);
        var (intruderUpload, _) = await UploadAsync(intruder, path, intruderHtml, ("card", "card.png", "image/png", Portal.Tests.Forms.TestPng.Signature(100, 40)));
        Assert.Equal(HttpStatusCode.OK, intruderUpload.StatusCode);
        var forged = await intruder.PostFilesAsync($"{path}?handler=Page",
            new Dictionary<string, string>(Documents(tooManyHtml)) { ["state"] = State(tooManyHtml)[..^4] + "AAAA" },
            [("card", "card.png", "image/png", Png)], tokenPage: path);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using (var db = await DbAsync())
        {
            Assert.Equal(3, await db.PublicFormFiles.CountAsync());
            Assert.Equal(2, await db.PublicFormFiles.CountAsync(f => f.FieldId == "card"));
            Assert.Contains(await db.PublicFormFiles.Where(f => f.FieldId == "card").Select(f => f.ContentCipher).ToListAsync(), c => c.SequenceEqual(cardCipher));
        }

        // Next with no new file keeps both; the form is sent from the review step.
        var next = await visitor.PostFilesAsync($"{path}?handler=Page", Documents(tooManyHtml), [], tokenPage: path);
        var reviewHtml = await next.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("Check your answers", reviewHtml);
        Assert.Contains("insurance-card.png (image/png", reviewHtml);
        var sent = await visitor.PostFormAsync($"{path}?handler=Submit", new Dictionary<string, string> { ["state"] = State(reviewHtml) }, tokenPage: path);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Guid submissionId;
        await using (var db = await DbAsync())
            submissionId = (await db.FormSubmissions.AsNoTracking().SingleAsync()).Id;

        // The session's state replayed after sending cannot replace a file of the sealed submission.
        var (replay, replayHtml) = await UploadAsync(visitor, path, tooManyHtml, ("card", "card.png", "image/png", Png));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Contains("already sent", replayHtml);
        await using (var db = await DbAsync())
            Assert.Equal(cardCipher, (await db.PublicFormFiles.AsNoTracking().SingleAsync(f => f.SubmissionId == submissionId && f.FieldId == "card")).ContentCipher);

        // The seal records each file's name, size and SHA-256.
        var staffActor = await _portal.TeamStaffActorAsync();
        var sealedView = await _portal.Services.GetRequiredService<PublicForms>().OpenUnattachedAsync(submissionId, staffActor);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Png)), sealedView!.SignedContentJson);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Pdf)), sealedView.SignedContentJson);
        Assert.Contains("referral-letter.pdf", sealedView.SignedContentJson);

        // Staff reviewing the unattached submission download its files with safe headers; the read is audited.
        using var staff = _portal.NewClient();
        await staff.SignInAsync(await _portal.TeamStaffAsync());
        var unattachedPath = $"/staff/forms/public/{submissionId}/files/card";
        Assert.Contains($"href=\"{unattachedPath}\"", await staff.GetPageAsync($"/staff/forms/public/{submissionId}"));
        Assert.NotEqual(HttpStatusCode.OK, (await visitor.GetAsync(unattachedPath)).StatusCode);
        var download = await staff.GetAsync(unattachedPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("insurance-card.png", download.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.StartsWith("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/staff/forms/public/{submissionId}/files/other")).StatusCode);
        await using (var db = await DbAsync())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormFileDownload && e.Outcome == AuditOutcomes.Success && e.TargetId == submissionId.ToString()));

        // Attached to a patient: the files move under the patient's key and behave like the patient's own form files.
        var patient = await _portal.CreatePatientAsync("Ana Müller");
        var attach = await staff.PostFormAsync($"/staff/forms/public/{submissionId}?handler=Attach",
            new Dictionary<string, string> { ["patientId"] = patient.Id.ToString() }, tokenPage: $"/staff/forms/public/{submissionId}");
        Assert.Equal(HttpStatusCode.Redirect, attach.StatusCode);
        await using (var db = await DbAsync())
        {
            var rows = await db.PublicFormFiles.AsNoTracking().Where(f => f.SubmissionId == submissionId).ToListAsync();
            Assert.All(rows, r => Assert.Equal(patient.Id, r.PatientId));
            Assert.NotEqual(cardCipher, rows.Single(r => r.FieldId == "card").ContentCipher);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(unattachedPath)).StatusCode);
        var staffPath = $"/staff/patients/{patient.Id}/submissions/{submissionId}/files/referral";
        Assert.Contains($"href=\"{staffPath}\"", await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}"));
        Assert.Equal(Pdf, await (await staff.GetAsync(staffPath)).Content.ReadAsByteArrayAsync());
        using var patientClient = _portal.NewClient();
        await patientClient.SignInAsync(patient);
        var own = await patientClient.GetAsync($"/forms/submissions/{submissionId}/files/card");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(Png, await own.Content.ReadAsByteArrayAsync());
        await using (var db = await DbAsync())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.FormFileDownload && e.Outcome == AuditOutcomes.Success && e.PatientId == patient.Id && e.ActorId == patient.Id));
        using var outsider = _portal.NewClient();
        await outsider.SignInAsync(await _portal.CreateAccountAsync(PortalRoles.Staff));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(staffPath)).StatusCode);
        using var otherPatient = _portal.NewClient();
        await otherPatient.SignInAsync(await _portal.CreatePatientAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherPatient.GetAsync($"/forms/submissions/{submissionId}/files/card")).StatusCode);

        // The intruder's session was never sent: once it is older than a session can live, the sweep removes its file only.
        await using (var db = await DbAsync())
            await db.PublicFormFiles.Where(f => f.SubmissionId != submissionId).ExecuteUpdateAsync(s => s.SetProperty(f => f.UploadedUtc, DateTime.UtcNow.AddHours(-4)));
        Assert.Equal(1, await _portal.Services.GetRequiredService<PublicFormFiles>().SweepAbandonedAsync());
        await using (var db = await DbAsync())
            Assert.Equal([submissionId, submissionId], await db.PublicFormFiles.Select(f => f.SubmissionId).ToListAsync());
    }
}

/// <summary>Posts that carry files count against their own per-address limit, so the public endpoint cannot fill the disk.</summary>
public sealed class PublicFormUploadLimitTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = PortalFactory.With(new Dictionary<string, string?>
    {
        ["PublicForms:MinimumFillTime"] = "00:00:00",
        ["AbuseProtection:AttemptsPerAddress"] = "2",
    });

    public Task InitializeAsync() => _portal.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task A_third_upload_from_one_address_within_the_window_is_refused_and_not_stored()
    {
        var path = $"/f/{await PublicFormUploadTests.PublishDocumentsFormAsync(_portal)}";
        using var visitor = _portal.NewClient();
        var statuses = new List<HttpStatusCode>();
        var body = "";
        for (var i = 0; i < 3; i++)
        {
            // A fresh form session each time, so the per-session file cap is not what stops the third.
            var html = await visitor.GetPageAsync(path);
            var response = await visitor.PostFilesAsync($"{path}?handler=Page", PublicFormUploadTests.Documents(html),
                [("card", $"card-{i}.png", "image/png", TestFiles.Png())], tokenPage: path);
            statuses.Add(response.StatusCode);
            body = await response.Content.ReadAsStringAsync();
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Too many uploads from your network", body);
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.PublicFormFiles.CountAsync());
    }
}
