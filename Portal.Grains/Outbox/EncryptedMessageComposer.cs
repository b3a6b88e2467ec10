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

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || !MessageLifetime.IsCurrent(message, clock.GetUtcNow().UtcDateTime))
            return null;
        var key = await keyRing.FindAsync(message.PatientId, cancellationToken);

        MimeMessage? protectedMessage = null;
        if (key is not null)
        {
            var clear = await SecureMessageMime.ComposeAsync(db, message, key, notificationOptions.Value, links.Absolute(links.MessagePath(message.Id)), recipientAddress, messageId, cancellationToken);
            if (kind == OutboxKind.SecureMessageSmime && smime.Protector is { } smimeProtector
                && await recipientKeys.UsableCertificateAsync(message.PatientId, recipientAddress) is { } certificate)
            {
                using (certificate.Certificate)
                    protectedMessage = smimeProtector.SignAndEncrypt(clear, certificate.Certificate);
                message.DeliveryEvidence = $"S/MIME, AES-256-CBC with RSA-OAEP, to certificate SHA-256 {certificate.Fingerprint}";
            }
            else if (kind == OutboxKind.SecureMessageOpenPgp && pgp.Protector is { } pgpProtector
                && await recipientKeys.UsablePgpKeyAsync(message.PatientId, recipientAddress) is { } pgpKey)
            {
                protectedMessage = pgpProtector.SignAndEncrypt(clear, pgpKey.ArmoredKey);
                message.DeliveryEvidence = $"OpenPGP (PGP/MIME), AES-256, to key {pgpKey.Fingerprint}";
            }
        }

        if (protectedMessage is null)
        {
            message.DeliveryMethod = DeliveryMethod.PortalPickup;
            message.PolicyReason = "The recipient's certificate or key was no longer usable when sending, so a portal notice was sent instead.";
            message.DeliveryEvidence = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return protectedMessage ?? notice.Compose(recipientAddress, links.MessagePath(message.Id), messageId);
    }
}
