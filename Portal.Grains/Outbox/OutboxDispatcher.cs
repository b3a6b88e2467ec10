using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Grains.Audit;
using Portal.Grains.Data;
using Portal.Messaging.Notifications;
using Portal.Messaging.Sending;

namespace Portal.Grains.Outbox;

/// <summary>
/// Leases due outbox rows, sends them and marks them. A crash between send and mark leaves
/// the lease to expire and the row is sent again under the same Message-ID.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<PortalDbContext> dbFactory,
    IMailTransport transport,
    IEnumerable<IOutboxMailComposer> composers,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<OutboxOptions> options,
    OutboxSignal signal,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private readonly Dictionary<OutboxKind, IOutboxMailComposer> _composers = composers.ToDictionary(c => c.Kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchDueAsync(stoppingToken) > 0)
                    continue;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(ex.GetType().Name);
            }
            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Sends every row that is due now; returns how many rows were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var leased = await LeaseAsync(cancellationToken);
        foreach (var row in leased)
            await SendOneAsync(row, cancellationToken);
        return leased.Count;
    }

    private async Task<List<OutboxMessage>> LeaseAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Outbox.AsNoTracking()
            .Where(r => r.SentUtc == null && r.FailedUtc == null && r.NextAttemptUtc <= now && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < now))
            .OrderBy(r => r.NextAttemptUtc)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);

        var leased = new List<OutboxMessage>(candidates.Count);
        var until = now + _options.LeaseDuration;
        foreach (var row in candidates)
        {
            // Conditional update: only one worker wins a row even when several poll at once.
            var won = await db.Outbox
                .Where(r => r.Id == row.Id && r.SentUtc == null && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntilUtc, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
            if (won == 1)
            {
                row.Attempts++;
                row.LeaseUntilUtc = until;
                leased.Add(row);
            }
        }
        return leased;
    }

    private async Task SendOneAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == row.RecipientId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        string? error = null;
        var permanent = false;
        var skipped = false;
        try
        {
            if (string.IsNullOrWhiteSpace(email))
            {
                error = "recipient has no email address";
                permanent = true;
            }
            else if (!_composers.TryGetValue(row.Kind, out var composer))
            {
                error = $"no composer for {row.Kind}";
                permanent = true;
            }
            else if (await composer.ComposeAsync(row, email, $"{row.Id:N}@{notificationOptions.Value.MessageIdDomain}", cancellationToken) is { } mail)
            {
                await transport.SendAsync(mail, cancellationToken);
            }
            else
            {
                skipped = true; // nothing to send any more (e.g. recalled or expired meanwhile)
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the error's kind and SMTP status are kept: exception messages can echo addresses.
            error = ex is SmtpCommandException smtp ? $"{ex.GetType().Name} {(int)smtp.StatusCode}" : ex.GetType().Name;
            permanent = ex is SmtpCommandException { StatusCode: >= (MailKit.Net.Smtp.SmtpStatusCode)500 } or FormatException or MimeKit.ParseException;
        }

        var now = Now;
        var tooOld = now - row.CreatedUtc > _options.MaxAge;
        // Fenced by the lease: a worker whose lease ran out (and whose row another worker took) changes nothing.
        var lease = row.LeaseUntilUtc;
        await db.Outbox.Where(r => r.Id == row.Id && r.LeaseUntilUtc == lease).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.SentUtc, error is null ? now : null)
            .SetProperty(r => r.FailedUtc, error is not null && (permanent || tooOld) ? now : null)
            .SetProperty(r => r.NextAttemptUtc, error is null ? row.NextAttemptUtc : now + Backoff(row.Attempts))
            .SetProperty(r => r.LeaseUntilUtc, (DateTime?)null)
            .SetProperty(r => r.LastError, error), cancellationToken);

        var outcome = error is not null ? AuditOutcomes.Failure : skipped ? AuditOutcomes.Skipped : AuditOutcomes.Success;
        var action = row.Kind == OutboxKind.SecureMessageNotice ? AuditActions.MessageNotify : $"mail.{row.Kind}";
        await audit.WriteAsync(new AuditRecord(action, outcome, null, row.RecipientId, row.ReferenceId.ToString()), cancellationToken);
        if (error is not null)
            LogSendFailed(row.Id, row.Attempts, error);
    }

    /// <summary>Exponential backoff with jitter, so retries after an outage do not arrive all at once.</summary>
    internal static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(3600, 5 * Math.Pow(2, Math.Min(attempts, 20) - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} attempt {Attempts} failed: {Error}")]
    private partial void LogSendFailed(Guid rowId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox dispatch loop failed: {ErrorType}")]
    private partial void LogDispatchFailed(string errorType);
}
