using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Grains.Audit;
using Portal.Grains.Delivery;
using Portal.Messaging.Delivery;
using Portal.Messaging.Notifications;
using Portal.Messaging.Policy;
using Portal.Data.Outbox;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>
/// One delivery batch: leases due outbox rows (<see cref="IProviderSql.LeaseOutboxAsync"/>: two workers never hold
/// the same row), composes and sends each, then marks them all and writes their delivery events in
/// one transaction. A crash between send and mark leaves the lease to expire and the row is sent
/// again under the same Message-ID; marking is fenced by the lease token, so a worker whose lease
/// was taken over changes nothing.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<PortalDbContext> dbFactory,
    Identity.AccountEmails emails,
    IProviderSql providerSql,
    IMailChannel channel,
    IEnumerable<IOutboxMailComposer> composers,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<OutboxOptions> options,
    IOptions<DeliveryOptions> deliveryOptions,
    IOptions<MarketingPoolOptions> marketingOptions,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxOptions _options = options.Value;
    private readonly DeliveryOptions _delivery = deliveryOptions.Value;
    private readonly MarketingPoolOptions _marketing = marketingOptions.Value;
    private readonly SendPace _marketingPace = new(marketingOptions.Value.MessagesPerSecond, clock);
    private readonly SendingWarmUp _warmUp = new(marketingOptions.Value);
    private readonly Dictionary<OutboxKind, IOutboxMailComposer> _composers = composers.ToDictionary(c => c.Kind);
    private readonly RetrySchedule _retries = new(deliveryOptions.Value.RetryFirstDelay, deliveryOptions.Value.RetryMaxDelay, options.Value.MaxAge);

    /// <summary>Sends one batch of the pool's rows that are due now; returns how many rows were leased.</summary>
    public async Task<int> DispatchDueAsync(OutboxPool pool, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var rows = await LeaseAsync(pool, token, cancellationToken);
        if (rows.Count == 0) return 0;

        var context = await BatchContext.LoadAsync(dbFactory, emails, rows, Now, cancellationToken);
        var byKind = rows.GroupBy(r => r.Kind).Where(g => _composers.ContainsKey(g.Key)).Select(g => (Composer: _composers[g.Key], Rows: (IReadOnlyList<OutboxMessage>)[.. g])).ToList();
        foreach (var (composer, kindRows) in byKind) await composer.PrepareBatchAsync(kindRows, cancellationToken);
        try
        {
            return await SendBatchAsync(token, rows, context, cancellationToken);
        }
        finally
        {
            foreach (var (composer, kindRows) in byKind) composer.EndBatch(kindRows);
        }
    }

    private async Task<int> SendBatchAsync(Guid token, List<OutboxMessage> rows, BatchContext context, CancellationToken cancellationToken)
    {
        var results = new List<RowResult>(rows.Count);
        // Stop early rather than send on a lease that may already belong to someone else.
        var stopAt = rows[0].LeaseUntilUtc!.Value - _options.LeaseDuration / 4;
        foreach (var row in rows)
        {
            results.Add(Now < stopAt
                ? await SendOneAsync(row, context, cancellationToken)
                : RowResult.Released(row));
        }
        var marked = await MarkAsync(token, results, cancellationToken);

        foreach (var result in marked.Where(r => r.Row.Kind != OutboxKind.Marketing && r.Outcome != RowOutcome.Released))
        {
            var outcome = result.Outcome switch
            {
                RowOutcome.Sent => AuditOutcomes.Success,
                RowOutcome.Withdrawn or RowOutcome.Suppressed => AuditOutcomes.Skipped,
                _ => AuditOutcomes.Failure,
            };
            var action = result.Row.Kind is OutboxKind.SecureMessageNotice ? AuditActions.MessageNotify : $"mail.{result.Row.Kind}";
            await audit.WriteAsync(new AuditRecord(action, outcome, null, result.Row.RecipientId, result.Row.ReferenceId.ToString()), cancellationToken);
        }
        foreach (var failed in marked.Where(r => r.Outcome is RowOutcome.Failed or RowOutcome.Retry))
            LogSendFailed(failed.Row.Id, failed.Row.Attempts, failed.Error ?? "");
        return rows.Count;
    }

    private async Task<List<OutboxMessage>> LeaseAsync(OutboxPool pool, Guid token, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + _options.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A new marketing domain keeps to its warm-up's daily volume; what is over waits for tomorrow's.
        var leased = pool == OutboxPool.Marketing
            ? await _warmUp.LeaseWithinTodayAsync(db, now, _options.BatchSize, batch => providerSql.LeaseOutboxAsync(db, pool, token, now, until, batch, cancellationToken), cancellationToken)
            : await providerSql.LeaseOutboxAsync(db, pool, token, now, until, _options.BatchSize, cancellationToken);
        if (leased == 0) return [];
        return await db.Outbox.AsNoTracking().Where(r => r.LeaseToken == token).OrderBy(r => r.NextAttemptUtc).ToListAsync(cancellationToken);
    }

    private async Task<RowResult> SendOneAsync(OutboxMessage row, BatchContext context, CancellationToken cancellationToken)
    {
        var address = row.RecipientAddress ?? context.AccountAddress(row.RecipientId);
        if (string.IsNullOrWhiteSpace(address))
            return RowResult.Failed(row, "recipient has no email address");
        if (context.Suppression(address) is { } suppressed)
            return RowResult.Suppressed(row, $"No mail sent: the address is suppressed ({Describe(suppressed.Reason)} on {suppressed.SinceUtc:yyyy-MM-dd}).");
        if (row.Kind == OutboxKind.Marketing && context.HasUnsubscribed(row))
            return RowResult.Withdrawn(row, "The recipient left this list.");
        if (context.CampaignRefusal(row) is { } refusal)
            return RowResult.Withdrawn(row, refusal);
        if (!_composers.TryGetValue(row.Kind, out var composer))
            return RowResult.Failed(row, $"no composer for {row.Kind}");

        var messageId = $"{row.Id:N}@{notificationOptions.Value.MessageIdDomain}";
        ComposedMail? composed;
        MailboxAddress recipient;
        try
        {
            recipient = MailboxAddress.Parse(address);
            composed = await composer.ComposeAsync(row, address, messageId, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or ParseException)
        {
            return RowResult.Failed(row, ex.GetType().Name);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Retry(row, DeliveryOutcome.Temporary(null, null, $"Composing failed ({ex.GetType().Name})."));
        }
        if (composed is null)
            return RowResult.Withdrawn(row, "Nothing to send any more (recalled or expired before it left).");

        using var mail = composed.Mail;
        if (row.Pool == OutboxPool.Marketing) await _marketingPace.WaitAsync(cancellationToken);
        var requireTls = row.Kind == OutboxKind.SecureMessageTls || composed.RequireVerifiedTls;
        var outcome = await channel.SendAsync(mail, Sender(row, mail), recipient, requireTls, cancellationToken);
        if (requireTls && outcome.Status == DeliveryStatus.NoSecureRoute && composed.WithoutPhi is { } makeWithoutPhi)
        {
            using var withoutPhi = makeWithoutPhi();
            return Classify(row, await channel.SendAsync(withoutPhi, Sender(row, withoutPhi), recipient, requireVerifiedTls: false, cancellationToken));
        }
        if (requireTls && outcome.Status == DeliveryStatus.NoSecureRoute && row.Kind == OutboxKind.SecureMessageTls)
            return await FallBackToPortalAsync(row, address, messageId, recipient, outcome, cancellationToken);

        var result = Classify(row, outcome) with { Secure = composed.Outcome };
        if (row.Kind == OutboxKind.SecureMessageTls && result.Outcome == RowOutcome.Sent)
            result = result with { Secure = new SentAs(DeliveryMethod.Tls, null, $"Sent whole over verified TLS: {outcome.TransportEvidence}") };
        return result;
    }

    // The policy allowed email over verified TLS, but none could be had: the content stays in the
    // portal and the patient gets the notice. The row becomes a notice row so a retry sends the notice.
    private async Task<RowResult> FallBackToPortalAsync(OutboxMessage row, string address, string messageId, MailboxAddress recipient, DeliveryOutcome refused, CancellationToken cancellationToken)
    {
        var reason = $"Verified TLS could not be established ({refused.Detail}), so the message was not emailed; a portal notice was sent instead.";
        var sentAs = new SentAs(DeliveryMethod.PortalPickup, reason, null);
        var composed = await _composers[OutboxKind.SecureMessageNotice].ComposeAsync(row, address, messageId, cancellationToken);
        if (composed is null)
            return RowResult.Withdrawn(row, "Nothing to send any more (recalled or expired before it left).") with { Secure = sentAs };
        using var notice = composed.Mail;
        var outcome = await channel.SendAsync(notice, Sender(row, notice), recipient, requireVerifiedTls: false, cancellationToken);
        return Classify(row, outcome) with { Secure = sentAs, NewKind = OutboxKind.SecureMessageNotice, FallbackDetail = refused.Detail };
    }

    private RowResult Classify(OutboxMessage row, DeliveryOutcome outcome) => outcome.Status switch
    {
        DeliveryStatus.Delivered => RowResult.Sent(row, outcome.TransportEvidence),
        DeliveryStatus.PermanentFailure => RowResult.Failed(row, outcome.Detail) with
        {
            // A mailbox that does not exist (5.1.x) bounced as surely as a DSN would say.
            Suppress = outcome.EnhancedStatusCode?.StartsWith("5.1.", StringComparison.Ordinal) == true,
        },
        _ => Retry(row, outcome),
    };

    private RowResult Retry(OutboxMessage row, DeliveryOutcome outcome)
    {
        var now = clock.GetUtcNow();
        var next = _retries.NextAttemptAt(Math.Max(1, row.Attempts), new DateTimeOffset(row.CreatedUtc, TimeSpan.Zero), now, Random.Shared);
        return next is { } at
            ? RowResult.Retry(row, at.UtcDateTime, outcome.Detail)
            : RowResult.Failed(row, $"Gave up after {_retries.MaxAge.TotalDays:0.#} days; last reply: {outcome.Detail}");
    }

    private MailboxAddress Sender(OutboxMessage row, MimeMessage mail)
    {
        if ((row.Pool == OutboxPool.Marketing ? _marketing.BounceAddress ?? _delivery.BounceAddress : _delivery.BounceAddress) is { } bounce)
        {
            var at = bounce.LastIndexOf('@');
            return new MailboxAddress("", $"{bounce[..at]}+{row.Id:N}{bounce[at..]}");
        }
        return mail.From.Mailboxes.First();
    }

    private async Task<List<RowResult>> MarkAsync(Guid token, List<RowResult> results, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var owned = (await db.Outbox.Where(r => r.LeaseToken == token).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var marked = results.Where(r => owned.Contains(r.Row.Id)).ToList();

        var sent = marked.Where(r => r.Outcome == RowOutcome.Sent && r.NewKind is null).Select(r => r.Row.Id).ToList();
        if (sent.Count > 0)
            await db.Outbox.Where(r => sent.Contains(r.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.SentUtc, now)
                .SetProperty(r => r.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(r => r.LeaseToken, (Guid?)null)
                .SetProperty(r => r.LastError, (string?)null), cancellationToken);

        foreach (var result in marked.Where(r => r.Outcome != RowOutcome.Sent || r.NewKind is not null))
        {
            var row = result.Row;
            var done = result.Outcome is RowOutcome.Failed or RowOutcome.Suppressed or RowOutcome.Withdrawn;
            var kind = result.NewKind ?? row.Kind;
            await db.Outbox.Where(r => r.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.SentUtc, result.Outcome == RowOutcome.Sent ? now : null)
                .SetProperty(r => r.FailedUtc, done ? now : null)
                .SetProperty(r => r.NextAttemptUtc, result.NextAttemptUtc ?? row.NextAttemptUtc)
                .SetProperty(r => r.Attempts, result.Outcome == RowOutcome.Released ? row.Attempts - 1 : row.Attempts)
                .SetProperty(r => r.Kind, kind)
                .SetProperty(r => r.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(r => r.LeaseToken, (Guid?)null)
                .SetProperty(r => r.LastError, Truncate(result.Error)), cancellationToken);
        }

        var events = new List<DeliveryEvent>(marked.Count);
        foreach (var result in marked)
        {
            if (result.FallbackDetail is { } refused)
                events.Add(Event(result.Row, DeliveryEventKind.FellBackToPortal, now, $"No verified TLS: {refused}"));
            if (result.EventKind is { } eventKind)
                events.Add(Event(result.Row, eventKind, now, result.Error ?? result.Detail));
        }
        await providerSql.InsertDeliveryEventsAsync(db, events, cancellationToken);

        // How each secure message went out is kept on its own row; the message row is the patient grain's.
        foreach (var result in marked.Where(r => r.Secure is not null && IsSecureMessage(r.Row.Kind)))
        {
            var sentAs = result.Secure!;
            await db.Outbox.Where(r => r.Id == result.Row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.OutcomeMethod, sentAs.Method)
                .SetProperty(r => r.OutcomeReason, Truncate(sentAs.Reason))
                .SetProperty(r => r.OutcomeEvidence, Truncate(sentAs.Evidence)), cancellationToken);
        }

        foreach (var result in marked.Where(r => r.Suppress))
        {
            var address = result.Row.RecipientAddress ?? await emails.OfAsync(db, result.Row.RecipientId, cancellationToken);
            if (address is null) continue;
            var addressToken = await emails.LookupTokenAsync(address);
            if (await db.SuppressedAddresses.AnyAsync(s => s.Address == addressToken, cancellationToken) || db.SuppressedAddresses.Local.Any(s => s.Address == addressToken)) continue;
            db.SuppressedAddresses.Add(new SuppressedAddress { Address = addressToken, Reason = SuppressionReason.HardBounce, SinceUtc = now, OutboxId = result.Row.Id, Detail = Truncate(result.Error) });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return marked;
    }

    private static DeliveryEvent Event(OutboxMessage row, DeliveryEventKind kind, DateTime now, string? detail) =>
        new() { OutboxId = row.Id, ReferenceId = row.ReferenceId, Kind = kind, AtUtc = now, Detail = Truncate(detail) };

    private static bool IsSecureMessage(OutboxKind kind) => OutboxWriter.SecureMessageKinds.Contains(kind);

    private static string? Truncate(string? text) => text is { Length: > 500 } ? text[..500] : text;

    internal static string Describe(SuppressionReason reason) => reason switch
    {
        SuppressionReason.HardBounce => "hard bounce",
        SuppressionReason.Complaint => "spam complaint",
        _ => reason.ToString(),
    };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} attempt {Attempts} failed: {Error}")]
    private partial void LogSendFailed(Guid rowId, int attempts, string error);
}
