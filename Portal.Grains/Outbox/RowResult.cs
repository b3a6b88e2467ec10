using Portal.Grains.Delivery;
using Portal.Messaging.Policy;
using Portal.Data.Outbox;
using Portal.Data.Delivery;

namespace Portal.Grains.Outbox;

internal enum RowOutcome { Sent, Retry, Failed, Suppressed, Withdrawn, Released }

/// <summary>What one send attempt decided for its outbox row; applied when the batch is marked.</summary>
internal sealed record RowResult(OutboxMessage Row, RowOutcome Outcome, DeliveryEventKind? EventKind, DateTime? NextAttemptUtc, string? Error, string? Detail)
{
    /// <summary>For a secure message: how it went out, stored on the row for staff.</summary>
    public SentAs? Secure { get; init; }

    /// <summary>Put the address on the suppression list (the server said the mailbox does not exist).</summary>
    public bool Suppress { get; init; }

    /// <summary>The row continues as another kind (a TLS message that fell back to a portal notice).</summary>
    public OutboxKind? NewKind { get; init; }

    /// <summary>Why verified TLS was not available, when the row fell back to portal pickup.</summary>
    public string? FallbackDetail { get; init; }

    public static RowResult Sent(OutboxMessage row, string? evidence) => new(row, RowOutcome.Sent, DeliveryEventKind.Sent, null, null, evidence);
    public static RowResult Retry(OutboxMessage row, DateTime next, string error) => new(row, RowOutcome.Retry, DeliveryEventKind.Deferred, next, error, null);
    public static RowResult Failed(OutboxMessage row, string error) => new(row, RowOutcome.Failed, DeliveryEventKind.Failed, null, error, null);

    public static RowResult Suppressed(OutboxMessage row, string why) =>
        new(row, RowOutcome.Suppressed, DeliveryEventKind.Suppressed, null, why, null)
        {
            Secure = new SentAs(DeliveryMethod.PortalPickup, $"The message is in the portal. {why}", null),
        };

    public static RowResult Withdrawn(OutboxMessage row, string why) => new(row, RowOutcome.Withdrawn, DeliveryEventKind.Withdrawn, null, why, null);

    /// <summary>Not attempted (the lease was running out); handed back without counting an attempt.</summary>
    public static RowResult Released(OutboxMessage row) => new(row, RowOutcome.Released, null, null, row.LastError, null);
}
