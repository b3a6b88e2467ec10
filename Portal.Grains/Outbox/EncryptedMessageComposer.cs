using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Messaging.Notifications;
using Portal.Messaging.Policy;
using Portal.Messaging.Protection;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>
/// The whole secure message, signed and encrypted end to end (S/MIME or OpenPGP). If the
/// recipient's certificate or key stopped being usable between the decision and the send, the
/// portal notice goes instead: a message the policy said must be encrypted is never sent in clear.
/// </summary>
public sealed class EncryptedMessageComposer(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    RecipientKeys recipientKeys,
    OrganisationSmime smime,
    OrganisationPgp pgp,
    SecureMessageNotice notice,
    IOptions<NotificationOptions> notificationOptions,
    PortalLinks links,
    TimeProvider clock,
    OutboxKind kind) : IOutboxMailComposer
{
    public static IEnumerable<OutboxKind> Kinds => [OutboxKind.SecureMessageSmime, OutboxKind.SecureMessageOpenPgp];

    public OutboxKind Kind => kind;

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || !MessageLifetime.IsCurrent(message, clock.GetUtcNow().UtcDateTime))
            return null;
        var key = await keyRing.FindAsync(message.PatientId, cancellationToken);
        if (key is not null)
        {
            var clear = await SecureMessageMime.ComposeAsync(db, message, key, notificationOptions.Value, links.Absolute(links.MessagePath(message.Id)), recipientAddress, messageId, cancellationToken);
            if (kind == OutboxKind.SecureMessageSmime && smime.Protector is { } smimeProtector
                && await recipientKeys.UsableCertificateAsync(message.PatientId, recipientAddress) is { } certificate)
            {
                using (certificate.Certificate)
                    return new ComposedMail(smimeProtector.SignAndEncrypt(clear, certificate.Certificate),
                        new SentAs(DeliveryMethod.Smime, null, $"S/MIME, AES-256-CBC with RSA-OAEP, to certificate SHA-256 {certificate.Fingerprint}"));
            }
            if (kind == OutboxKind.SecureMessageOpenPgp && pgp.Protector is { } pgpProtector
                && await recipientKeys.UsablePgpKeyAsync(message.PatientId, recipientAddress) is { } pgpKey)
                return new ComposedMail(pgpProtector.SignAndEncrypt(clear, pgpKey.ArmoredKey),
                    new SentAs(DeliveryMethod.OpenPgp, null, $"OpenPGP (PGP/MIME), AES-256, to key {pgpKey.Fingerprint}"));
        }
        return new ComposedMail(notice.Compose(recipientAddress, links.MessagePath(message.Id), messageId),
            new SentAs(DeliveryMethod.PortalPickup, "The recipient's certificate or key was no longer usable when sending, so a portal notice was sent instead.", null));
    }
}
