using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>Public forms without sign-in, their flood defences, attaching to a patient, and the signed webhook against a real Kestrel listener.</summary>
public sealed class PublicFormAndWebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-0123456789-abcdefghij";
    private readonly ConcurrentQueue<(string Signature, string Body, int Answered)> _calls = new();
    private int _callCount;
    private WebApplication _listener = null!;
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _listener = builder.Build();
        // The first call fails with a 500, as a receiver that is briefly down would; the retry succeeds.
        _listener.MapPost("/hook", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var status = Interlocked.Increment(ref _callCount) == 1 ? 500 : 200;
            _calls.Enqueue((context.Request.Headers[WebhookSignature.HeaderName].ToString(), body, status));
            return Results.StatusCode(status);
        });
        await _listener.StartAsync();
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["PublicForms:MinimumFillTime"] = "00:00:01",
            ["AbuseProtection:AttemptsPerAddress"] = "5",
            ["FormWebhook:Url"] = $"http://127.0.0.1:{port}/hook",
            ["FormWebhook:Secret"] = Secret,
            ["FormWebhook:PollInterval"] = "00:00:00.200",
            ["FormWebhook:InitialBackoff"] = "00:00:00.500",
        });
        await _portal.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_portal).DisposeAsync();
        await _listener.DisposeAsync();
    }

    private async Task<PortalDbContext> DbAsync() =>
        await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private static string State(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"state\" value=\"([^\"]+)\"").Groups[1].Value);

    private async Task<(HttpResponseMessage Response, string Html)> PostStepAsync(PortalClient client, string path, string handler, string html, Dictionary<string, string> fields)
    {
        fields["state"] = State(html);
        var response = await client.PostFormAsync($"{path}?handler={handler}", fields, tokenPage: path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_intake_is_refused_when_too_fast_or_a_bot_is_stored_encrypted_attached_by_staff_and_announced_by_a_signed_retried_webhook()
    {
        var formId = await FormTestData.PublishIntakeAsync(_portal);
        var staffActor = await _portal.TeamStaffActorAsync();
        var token = await _portal.Services.GetRequiredService<PublicForms>().CreateLinkAsync(formId, staffActor);
        var path = $"/f/{token}";
        using var anonymous = _portal.NewClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/f/{token[..^2]}xx")).StatusCode);
        var html = await anonymous.GetPageAsync(path);
        Assert.Contains("About you", html);

        (_, html) = await PostStepAsync(anonymous, path, "Page", html, FormTestData.AboutPage("Noah Public"));
        Assert.Contains("Your health", html);
        (_, html) = await PostStepAsync(anonymous, path, "Page", html, FormTestData.HealthPage(smoker: "never", medications: "no"));
        Assert.Contains("Consent", html); // skipped the smoking and medications pages
        (_, html) = await PostStepAsync(anonymous, path, "Page", html, new() { ["pageId"] = "consent", ["go"] = "next", ["consent_treatment"] = "true" });
        Assert.Contains("Check your answers", html);
        var reviewHtml = html;

        // Sent within the minimum fill time: refused as automated.
        var (tooFast, _) = await PostStepAsync(anonymous, path, "Submit", reviewHtml, new() { ["signature.name"] = "Noah Public", ["signature.image"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooFast.StatusCode);
        await Task.Delay(1100);
        // The honeypot filled: told "sent", nothing kept.
        var (bot, _) = await PostStepAsync(anonymous, path, "Submit", reviewHtml, new() { ["signature.name"] = "Noah Public", ["signature.image"] = "", ["website"] = "http://spam" });
        Assert.Equal(HttpStatusCode.Redirect, bot.StatusCode);
        // A state changed by the client is refused.
        var forged = await anonymous.PostFormAsync($"{path}?handler=Submit", new Dictionary<string, string> { ["state"] = State(reviewHtml)[..^4] + "AAAA", ["signature.name"] = "X" }, tokenPage: path);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using (var db = await DbAsync())
            Assert.False(await db.FormSubmissions.AnyAsync());

        var (sent, _) = await PostStepAsync(anonymous, path, "Submit", reviewHtml, new() { ["signature.name"] = "Noah Public", ["signature.image"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // The same form session posted again (a replay) is refused; then the address has used its 5 submissions.
        var (replay, replayHtml) = await PostStepAsync(anonymous, path, "Submit", reviewHtml, new() { ["signature.name"] = "Noah Public", ["signature.image"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Contains("already sent", replayHtml);
        var (flood, _) = await PostStepAsync(anonymous, path, "Submit", reviewHtml, new() { ["signature.name"] = "Noah Public", ["signature.image"] = "" });
        Assert.Equal(HttpStatusCode.TooManyRequests, flood.StatusCode);
        Guid submissionId;
        await using (var db = await DbAsync())
        {
            var row = await db.FormSubmissions.AsNoTracking().SingleAsync();
            submissionId = row.Id;
            Assert.Null(row.PatientId);
            Assert.NotNull(row.WrappedKey);
            Assert.DoesNotContain("Noah", Encoding.UTF8.GetString(row.RecordCipher));
        }

        // Staff read it (audited) and attach it to a patient of their care team: re-encrypted under that patient's key.
        var patient = await _portal.CreatePatientAsync("Noah Public");
        using var staff = _portal.NewClient();
        await staff.SignInAsync(await _portal.TeamStaffAsync());
        Assert.Contains("Noah Public", await staff.GetPageAsync($"/staff/forms/public/{submissionId}"));
        var attach = await staff.PostFormAsync($"/staff/forms/public/{submissionId}?handler=Attach", new Dictionary<string, string> { ["patientId"] = patient.Id.ToString() }, tokenPage: $"/staff/forms/public/{submissionId}");
        Assert.Equal($"/staff/patients/{patient.Id}/submissions/{submissionId}", attach.Headers.Location!.OriginalString);
        await using (var db = await DbAsync())
        {
            var row = await db.FormSubmissions.AsNoTracking().SingleAsync();
            Assert.Equal(patient.Id, row.PatientId);
            Assert.Null(row.WrappedKey);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PublicSubmissionAttached && e.Outcome == AuditOutcomes.Success && e.PatientId == patient.Id));
        }
        Assert.Contains("Noah Public", await staff.GetPageAsync($"/staff/patients/{patient.Id}/submissions/{submissionId}"));

        // The webhook: first call answered 500, retried after the backoff, signed, ids only.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_calls.Count(c => c.Answered == 200) == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var calls = _calls.ToArray();
        Assert.True(calls.Length >= 2, $"expected a failed call and a retry, got {calls.Length}");
        Assert.Equal(500, calls[0].Answered);
        Assert.Equal(200, calls[^1].Answered);
        foreach (var call in calls)
        {
            Assert.True(WebhookSignature.Verify(Secret, call.Signature, call.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify("another-secret-0123456789-abcdefghij", call.Signature, call.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.Contains(submissionId.ToString(), call.Body);
            Assert.DoesNotContain("Noah", call.Body);
        }
        Assert.False(WebhookSignature.Verify(Secret, calls[0].Signature, calls[0].Body.Replace("form.submitted", "form.deleted"), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        // A receiver written with other tools computes the same HMAC-SHA256 over "t.body" from the documented format.
        var header = calls[^1].Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var openssl = Portal.Tests.Messaging.Protection.ExternalTool.Run("openssl", ["dgst", "-sha256", "-hmac", Secret, "-r"],
            System.Text.Encoding.UTF8.GetBytes($"{header["t"]}.{calls[^1].Body}"));
        Assert.True(openssl.ExitCode == 0, openssl.ToString());
        Assert.Equal(header["v1"], openssl.StdOut.Split(' ')[0].Trim());
        await using (var db = await DbAsync())
        {
            // The receiver has answered; the sender records it right after.
            var delivery = await db.FormWebhookDeliveries.AsNoTracking().SingleAsync();
            while (delivery.DeliveredUtc is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                delivery = await db.FormWebhookDeliveries.AsNoTracking().SingleAsync();
            }
            Assert.NotNull(delivery.DeliveredUtc);
            Assert.Equal(2, delivery.Attempts);
            Assert.Null(delivery.LastError);
        }
    }
}
