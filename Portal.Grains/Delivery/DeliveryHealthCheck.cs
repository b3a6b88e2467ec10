using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>
/// Ready-check of the way out: unhealthy while the relay does not answer (the outbox keeps every
/// message meanwhile), degraded while due mail waits longer than a few minutes. Says how many
/// messages are held, never to whom.
/// </summary>
public sealed class DeliveryHealthCheck(IMailChannel channel, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Backlog = TimeSpan.FromMinutes(15);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = db.Outbox.Where(r => r.SentUtc == null && r.FailedUtc == null && r.NextAttemptUtc <= now);
        var held = await due.CountAsync(cancellationToken);
        var oldest = held == 0 ? (DateTime?)null : await due.MinAsync(r => (DateTime?)r.CreatedUtc, cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        (bool Reachable, string Reason) next;
        try
        {
            next = await channel.CheckReachableAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            next = (false, "The relay did not answer within 5 seconds.");
        }

        var data = new Dictionary<string, object> { ["outbox_due"] = held };
        if (!next.Reachable)
            return HealthCheckResult.Unhealthy($"{next.Reason} {held} message(s) are held in the outbox and will be sent when it answers.", data: data);
        if (oldest is { } since && now - since > Backlog)
            return HealthCheckResult.Degraded($"{held} message(s) due; the oldest has waited {(now - since).TotalMinutes:0} minutes.", data: data);
        return HealthCheckResult.Healthy($"{next.Reason} {held} message(s) due.", data);
    }
}
