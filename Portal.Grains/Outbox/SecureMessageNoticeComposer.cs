using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Messaging.Notifications;
using Portal.Data.Outbox;
using Portal.Data;
using Portal.Grains.Patients;

namespace Portal.Grains.Outbox;

/// <summary>Portal pickup: the notice for a new secure message links to it and says nothing else.
/// A message recalled or expired before the notice left gets no notice.</summary>
public sealed class SecureMessageNoticeComposer(SecureMessageNotice notice, IDbContextFactory<PortalDbContext> dbFactory, PortalLinks links, TimeProvider clock) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.SecureMessageNotice;

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.SecureMessages.Where(m => m.Id == row.ReferenceId).AnyAsync(MessageLifetime.Current(now), cancellationToken);
        return current ? notice.Compose(recipientAddress, links.MessagePath(row.ReferenceId), messageId) : null;
    }
}
