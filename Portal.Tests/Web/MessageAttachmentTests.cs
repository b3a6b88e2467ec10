using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Files sent with secure messages: encrypted at rest, checked by content, downloaded safely, and only by whom they belong to.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class MessageAttachmentTests(PortalFactory portal)
{
    private static readonly byte[] Pdf = TestFiles.Pdf("Lipid panel: LDL 2.1 mmol/L");
    private static readonly byte[] Png = TestFiles.Png();

    private async Task<(ProvisionedAccount Staff, ProvisionedAccount Patient, PortalClient StaffClient)> StaffAndPatientAsync()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        var client = portal.NewClient();
        await client.SignInAsync(staff);
        return (staff, patient, client);
    }

    private static Task<HttpResponseMessage> ComposeAsync(PortalClient client, Guid patientId, params (string FileName, string ContentType, byte[] Content)[] files) =>
        client.PostFilesAsync($"/staff/patients/{patientId}/compose",
            new Dictionary<string, string> { ["Subject"] = "Your results", ["Body"] = "The results are attached.", ["Sensitivity"] = "Phi" },
            files.Select(f => ("Attachments", f.FileName, f.ContentType, f.Content)));

    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Staff_attach_a_pdf_and_a_png_which_are_stored_encrypted_and_the_patient_previews_and_downloads_them()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        var sent = await ComposeAsync(staffClient, patient.Id, ("lipid-panel.pdf", "application/pdf", Pdf), ("wound photo.png", "image/png", Png));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        await using (var db = await DbAsync())
        {
            var stored = await db.MessageAttachments.AsNoTracking().Where(a => a.PatientId == patient.Id).ToListAsync();
            Assert.Equal(2, stored.Count);
            foreach (var row in stored)
            {
                Assert.False(row.ContentCipher.AsSpan().IndexOf("%PDF"u8) >= 0 || row.ContentCipher.AsSpan().IndexOf("PNG"u8) >= 0);
                Assert.DoesNotContain("lipid", Encoding.UTF8.GetString(row.FileNameCipher));
                Assert.DoesNotContain("wound", Encoding.UTF8.GetString(row.FileNameCipher));
            }
            Assert.Equal(["application/pdf", "image/png"], stored.OrderBy(a => a.ContentType).Select(a => a.ContentType));
        }

        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var messageId = Regex.Match(await patientClient.GetPageAsync("/messages"), "/messages/([0-9a-f-]{36})").Groups[1].Value;
        var page = await patientClient.GetPageAsync($"/messages/{messageId}");
        var image = Regex.Match(page, "<span class=\"preview\"><img src=\"(/messages/attachments/[0-9a-f-]{36}/preview)\" alt=\"wound photo.png\"");
        Assert.True(image.Success, "The image is shown in the message");
        var pdfLink = Regex.Match(page, "<a href=\"(/messages/attachments/[0-9a-f-]{36})\" download>lipid-panel.pdf</a>");
        Assert.True(pdfLink.Success, "The PDF is offered for download");
        Assert.Contains($"{pdfLink.Groups[1].Value}/preview\" target=\"_blank\"", page);

        var download = await patientClient.GetAsync(pdfLink.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("lipid-panel.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(download.Headers.CacheControl!.NoStore);
        Assert.Equal("sandbox; default-src 'none'", Assert.Single(download.Headers.GetValues("Content-Security-Policy")));

        var preview = await patientClient.GetAsync(image.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(Png, await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", preview.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", preview.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("sandbox; default-src 'none'", Assert.Single(preview.Headers.GetValues("Content-Security-Policy")));

        // Every download is audited against the patient and the attachment.
        var pdfId = pdfLink.Groups[1].Value.Split('/').Last();
        await using (var db = await DbAsync())
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AttachmentDownload && e.Outcome == AuditOutcomes.Success
                && e.PatientId == patient.Id && e.ActorId == patient.Id && e.TargetId == pdfId));

        // The portal-pickup notice says only that a message waits: no files, no file names.
        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal("You have a new secure message", notice.Subject);
        Assert.Empty(notice.Attachments);
        Assert.DoesNotContain("lipid", notice.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wound", notice.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(notice.ToString().Length < 20_000);

        // The care team opens the same file from the patient's record.
        var staffDownload = await staffClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{pdfId}");
        Assert.Equal(HttpStatusCode.OK, staffDownload.StatusCode);
        Assert.Equal(Pdf, await staffDownload.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Two_files_just_under_the_default_limit_go_through_and_come_back_intact()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        var big = new byte[10 * 1024 * 1024 - 1024];
        Random.Shared.NextBytes(big);
        Pdf.CopyTo(big, 0);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var sent = await ComposeAsync(staffClient, patient.Id, ("scan-1.pdf", "application/pdf", big), ("scan-2.pdf", "application/pdf", big));
        var sendTime = started.Elapsed;
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Guid attachmentId;
        await using (var db = await DbAsync())
            attachmentId = await db.MessageAttachments.Where(a => a.PatientId == patient.Id).Select(a => a.Id).FirstAsync();
        started.Restart();
        var download = await staffClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{attachmentId}");
        Assert.Equal(big, await download.Content.ReadAsByteArrayAsync());
        Console.WriteLine($"Two 10 MB attachments: send {sendTime.TotalMilliseconds:F0} ms, download one {started.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Another_patients_attachment_a_stranger_on_staff_and_an_unknown_id_all_get_the_same_404()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        await ComposeAsync(staffClient, patient.Id, ("scan.png", "image/png", Png));
        Guid attachmentId;
        await using (var db = await DbAsync())
            attachmentId = await db.MessageAttachments.Where(a => a.PatientId == patient.Id).Select(a => a.Id).SingleAsync();

        var other = await portal.CreatePatientAsync();
        using var otherClient = portal.NewClient();
        await otherClient.SignInAsync(other);
        var theirs = await otherClient.GetAsync($"/messages/attachments/{attachmentId}");
        var unknown = await otherClient.GetAsync($"/messages/attachments/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(WithoutTokens(await unknown.Content.ReadAsStringAsync()), WithoutTokens(await theirs.Content.ReadAsStringAsync()));

        // A patient cannot use the staff address either, and staff off the care team get the 404 too.
        Assert.NotEqual(HttpStatusCode.OK, (await otherClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{attachmentId}")).StatusCode);
        var stranger = await portal.CreateStaffAsync();
        using var strangerClient = portal.NewClient();
        await strangerClient.SignInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{attachmentId}")).StatusCode);
        // Staff naming another of their patients in the address do not reach this patient's file.
        var mine = await portal.CreatePatientAsync(careTeam: stranger.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/staff/patients/{mine.Id}/attachments/{attachmentId}")).StatusCode);

        await using (var db = await DbAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AttachmentDownload && e.ActorId == stranger.Id && e.Outcome == AuditOutcomes.Denied));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AttachmentDownload && e.ActorId == other.Id && e.Outcome == AuditOutcomes.NotFound));
        }
    }

    [Theory]
    [InlineData("recalled")]
    [InlineData("expired")]
    public async Task A_recalled_or_expired_messages_attachments_answer_404(string how)
    {
        var (staff, patient, staffClient) = await StaffAndPatientAsync();
        await ComposeAsync(staffClient, patient.Id, ("results.pdf", "application/pdf", Pdf));
        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        Guid attachmentId, messageId;
        await using (var db = await DbAsync())
            (attachmentId, messageId) = await db.MessageAttachments.Where(a => a.PatientId == patient.Id).Select(a => new Tuple<Guid, Guid>(a.Id, a.MessageId)).SingleAsync();
        Assert.Equal(HttpStatusCode.OK, (await patientClient.GetAsync($"/messages/attachments/{attachmentId}")).StatusCode);

        if (how == "recalled")
        {
            var recall = await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/threads/{messageId}?handler=Recall",
                new Dictionary<string, string> { ["messageId"] = messageId.ToString() }, tokenPage: $"/staff/patients/{patient.Id}/threads/{messageId}");
            Assert.Equal(HttpStatusCode.Redirect, recall.StatusCode);
        }
        else
        {
            await using var db = await DbAsync();
            await db.SecureMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await patientClient.GetAsync($"/messages/attachments/{attachmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await patientClient.GetAsync($"/messages/attachments/{attachmentId}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staffClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{attachmentId}")).StatusCode);
        Assert.DoesNotContain("results.pdf", await patientClient.GetPageAsync($"/messages/{messageId}"));
    }

    [Theory]
    [InlineData("exe-renamed-pdf")]
    [InlineData("html-renamed-png")]
    [InlineData("svg")]
    [InlineData("empty")]
    [InlineData("declared-type-disagrees")]
    [InlineData("crlf-in-name")]
    public async Task A_refused_file_gets_a_clear_error_and_nothing_is_stored(string kind)
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        var file = kind switch
        {
            "exe-renamed-pdf" => ("report.pdf", "application/pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0 }),
            "html-renamed-png" => ("photo.png", "image/png", Encoding.UTF8.GetBytes("<!doctype html><script>alert(document.cookie)</script>")),
            "svg" => ("chart.svg", "image/svg+xml", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>")),
            "empty" => ("empty.pdf", "application/pdf", Array.Empty<byte>()),
            "declared-type-disagrees" => ("photo.png", "text/html", Png),
            _ => ("report\r\nX-Injected: yes.pdf", "application/pdf", Pdf),
        };
        var before = await CountsAsync(patient.Id);
        var response = await ComposeAsync(staffClient, patient.Id, file);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches("<p class=\"error\" role=\"alert\">[^<]{15,}</p>", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountsAsync(patient.Id));
    }

    [Fact]
    public async Task Too_many_files_are_refused_and_nothing_is_stored()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        var before = await CountsAsync(patient.Id);
        var response = await ComposeAsync(staffClient, patient.Id, [.. Enumerable.Range(0, 6).Select(i => ($"page-{i}.png", "image/png", Png))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Attach at most 5 files.", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountsAsync(patient.Id));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_nothing_is_stored()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        var before = await CountsAsync(patient.Id);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Your results"), "Subject" },
            { new StringContent("Attached."), "Body" },
            { new ByteArrayContent(Pdf), "Attachments", "results.pdf" },
        };
        var response = await staffClient.Http.PostAsync($"/staff/patients/{patient.Id}/compose", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountsAsync(patient.Id));
    }

    [Fact]
    public async Task Quotes_paths_and_non_ascii_in_a_file_name_come_back_in_one_clean_header()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        const string sent = "..\\..\\scans/x-ray \"left\"; size=0 résumé.pdf";
        var response = await ComposeAsync(staffClient, patient.Id, (sent, "application/pdf", Pdf));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Guid attachmentId;
        await using (var db = await DbAsync())
            attachmentId = await db.MessageAttachments.Where(a => a.PatientId == patient.Id).Select(a => a.Id).SingleAsync();

        var download = await staffClient.GetAsync($"/staff/patients/{patient.Id}/attachments/{attachmentId}");
        var header = Assert.Single(download.Content.Headers.GetValues("Content-Disposition"));
        Assert.DoesNotContain('\r', header);
        Assert.DoesNotContain('\n', header);
        Assert.Equal("attachment; filename=\"x-ray _left__ size=0 r_sum_.pdf\"; filename*=UTF-8''x-ray%20%22left%22%3B%20size%3D0%20r%C3%A9sum%C3%A9.pdf", header);
        Assert.Equal("x-ray \"left\"; size=0 résumé.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task A_patient_attaches_a_photo_to_a_reply_and_the_care_team_sees_it()
    {
        var (_, patient, staffClient) = await StaffAndPatientAsync();
        await ComposeAsync(staffClient, patient.Id);
        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var messageId = Regex.Match(await patientClient.GetPageAsync("/messages"), "/messages/([0-9a-f-]{36})").Groups[1].Value;

        var refused = await patientClient.PostFilesAsync($"/messages/{messageId}", new Dictionary<string, string> { ["Reply"] = "Here it is." },
            [("Attachments", "rash.png", "image/png", Encoding.UTF8.GetBytes("<html>not a picture</html>"))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Only PDF, PNG and JPEG", await refused.Content.ReadAsStringAsync());

        var reply = await patientClient.PostFilesAsync($"/messages/{messageId}", new Dictionary<string, string> { ["Reply"] = "Here is the photo of the rash." },
            [("Attachments", "rash.png", "image/png", Png)]);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);

        var thread = await staffClient.GetPageAsync($"/staff/patients/{patient.Id}/threads/{messageId}");
        var image = Regex.Match(thread, $"<span class=\"preview\"><img src=\"(/staff/patients/{patient.Id}/attachments/[0-9a-f-]{{36}}/preview)\" alt=\"rash.png\"");
        Assert.True(image.Success);
        Assert.Equal(Png, await (await staffClient.GetAsync(image.Groups[1].Value)).Content.ReadAsByteArrayAsync());
        await using var db = await DbAsync();
        var row = await db.MessageAttachments.SingleAsync(a => a.PatientId == patient.Id);
        Assert.True((await db.SecureMessages.SingleAsync(m => m.Id == row.MessageId)).FromPatient);
    }

    // Each page carries a fresh anti-forgery token; apart from it, the two answers must be identical.
    private static string WithoutTokens(string html) => AntiForgeryValue().Replace(html, "");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiForgeryValue();

    private async Task<(int Messages, int Attachments, int Outbox)> CountsAsync(Guid patientId)
    {
        await using var db = await DbAsync();
        return (await db.SecureMessages.CountAsync(m => m.PatientId == patientId),
            await db.MessageAttachments.CountAsync(a => a.PatientId == patientId),
            await db.Outbox.CountAsync(o => o.RecipientId == patientId));
    }
}

/// <summary>With small limits, an oversized upload is turned away with a clear page, not a failure.</summary>
public sealed class AttachmentLimitTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = PortalFactory.With(new Dictionary<string, string?>
    {
        ["Attachments:MaxFileBytes"] = "20000",
        ["Attachments:MaxMessageBytes"] = "30000",
        ["Attachments:MaxFiles"] = "3",
    });

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Theory]
    [InlineData(25_000, 1, "larger than the 19.5 KB allowed")]
    [InlineData(15_000, 3, "larger than the 29.3 KB a message may carry")]
    [InlineData(2_000_000, 1, "at most 3 files, 19.5 KB each and 29.3 KB in all")]
    public async Task Oversize_files_are_refused_with_a_reason_and_nothing_is_stored(int size, int count, string reason)
    {
        var staff = await _portal.CreateStaffAsync();
        var patient = await _portal.CreatePatientAsync(careTeam: staff.Id);
        using var client = _portal.NewClient();
        await client.SignInAsync(staff);
        var pdf = new byte[size];
        TestFiles.Pdf("big").CopyTo(pdf, 0);
        var response = await client.PostFilesAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "Scans", ["Body"] = "Attached." },
            Enumerable.Range(0, count).Select(i => ("Attachments", $"scan-{i}.pdf", "application/pdf", pdf)));
        Assert.Equal(size > 1_000_000 ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecureMessages.AnyAsync(m => m.PatientId == patient.Id));
        Assert.False(await db.MessageAttachments.AnyAsync());
    }
}
