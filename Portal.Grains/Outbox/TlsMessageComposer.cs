using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Grains.Patients;
using Portal.Grains.Encryption;
using Portal.Messaging.Notifications;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>
/// The whole secure message, for delivery over verified TLS only (the dispatcher refuses any session
/// without TLS 1.2+ and a valid certificate, and falls back to the portal notice). The outer subject
/// stays generic, as for S/MIME: subjects show in previews and notification banners.
/// </summary>
public sealed class TlsMessageComposer(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    IOptions<NotificationOptions> notificationOptions,
    PortalLinks links,
    TimeProvider clock) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.SecureMessageTls;

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || !MessageLifetime.IsCurrent(message, now))
            return null;
        // An erased record (crypto-shredded) has nothing left to send.
        if (await keyRing.FindAsync(message.PatientId, cancellationToken) is not { } key)
            return null;

        return await SecureMessageMime.ComposeAsync(db, message, key, notificationOptions.Value, links.Absolute(links.MessagePath(message.Id)), recipientAddress, messageId, cancellationToken);
    }
}
