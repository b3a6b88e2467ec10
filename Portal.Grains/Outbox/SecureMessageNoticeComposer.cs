using MimeKit;
using Portal.Grains.Data;
using Portal.Messaging.Notifications;

namespace Portal.Grains.Outbox;

/// <summary>Portal pickup: the notice for a new secure message links to it and says nothing else.</summary>
public sealed class SecureMessageNoticeComposer(SecureMessageNotice notice) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.SecureMessageNotice;

    public Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken) =>
        Task.FromResult<MimeMessage?>(notice.Compose(recipientAddress, $"/messages/{row.ReferenceId}", messageId));
}
