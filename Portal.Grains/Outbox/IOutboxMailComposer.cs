using MimeKit;
using Portal.Data.Outbox;

namespace Portal.Grains.Outbox;

/// <summary>Builds the mail for one kind of outbox row, at send time (so links and tokens are fresh).</summary>
public interface IOutboxMailComposer
{
    OutboxKind Kind { get; }

    /// <summary>Returns the mail, or null when it should no longer be sent (e.g. the thing it announces is gone).</summary>
    Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken);
}
