using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data.Forms;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Delivers the submission webhook from the <see cref="FormWebhookDelivery"/> table: a signed POST whose body holds
/// ids only (never answers or names). A failure (non-2xx, timeout, refused connection) is retried with doubling waits.
/// </summary>
public sealed class FormWebhookSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<FormWebhookOptions> options,
    TimeProvider clock,
    ILogger<FormWebhookSender> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static FormWebhookDelivery NewDelivery(Guid submissionId, DateTime nowUtc) => new()
    {
        Id = Guid.CreateVersion7(),
        SubmissionId = submissionId,
        CreatedUtc = nowUtc,
        NextAttemptUtc = nowUtc,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
            return;
        await PeriodicPass.RunAsync("Form webhook pass", options.Value.PollInterval, clock, DeliverDueAsync, logger, stoppingToken);
    }

    /// <summary>Attempts every delivery that is due; returns how many succeeded.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.FormWebhookDeliveries.AsNoTracking()
            .Where(d => d.DeliveredUtc == null && d.FailedUtc == null && d.NextAttemptUtc <= now)
            .OrderBy(d => d.NextAttemptUtc).Take(50).ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var delivery in due)
        {
            // The lease keeps another silo from calling the same delivery at the same time.
            var leased = await db.FormWebhookDeliveries.Where(d => d.Id == delivery.Id && d.NextAttemptUtc == delivery.NextAttemptUtc)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptUtc, now + Lease), cancellationToken);
            if (leased != 1)
                continue;
            var submission = await db.FormSubmissions.AsNoTracking().Where(s => s.Id == delivery.SubmissionId)
                .Select(s => new { s.Id, s.FormId, s.FormVersion, s.PatientId, s.AssignmentId, s.SubmittedUtc }).SingleOrDefaultAsync(cancellationToken);
            var error = submission is null ? "submission missing" : await PostAsync(settings, delivery.Id, JsonSerializer.Serialize(new
            {
                type = "form.submitted",
                deliveryId = delivery.Id,
                submissionId = submission.Id,
                formId = submission.FormId,
                formVersion = submission.FormVersion,
                patientId = submission.PatientId,
                assignmentId = submission.AssignmentId,
                submittedUtc = DateTime.SpecifyKind(submission.SubmittedUtc, DateTimeKind.Utc),
            }), cancellationToken);

            var attempts = delivery.Attempts + 1;
            var after = clock.GetUtcNow().UtcDateTime;
            if (error is null)
            {
                delivered++;
                await db.FormWebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Attempts, attempts).SetProperty(d => d.DeliveredUtc, after).SetProperty(d => d.LastError, (string?)null), cancellationToken);
                continue;
            }
            var backoff = TimeSpan.FromTicks(Math.Min(settings.InitialBackoff.Ticks * (1L << Math.Min(attempts - 1, 20)), TimeSpan.FromHours(1).Ticks));
            var gaveUp = attempts >= settings.MaxAttempts || submission is null;
            await db.FormWebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptUtc, after + backoff)
                .SetProperty(d => d.FailedUtc, gaveUp ? after : null), cancellationToken);
            logger.LogWarning("Form webhook delivery {DeliveryId} attempt {Attempt} failed: {Error}", delivery.Id, attempts, error);
        }
        return delivered;
    }

    private async Task<string?> PostAsync(FormWebhookOptions settings, Guid deliveryId, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(settings.Secret!, clock.GetUtcNow(), body));
        request.Headers.Add("X-Portal-Delivery", deliveryId.ToString());
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return e.GetType().Name;
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
