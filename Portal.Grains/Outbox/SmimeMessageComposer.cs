using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Portal.Grains.Data;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Messaging.Notifications;
using Portal.Messaging.Policy;
using Portal.Messaging.Protection;

namespace Portal.Grains.Outbox;

/// <summary>
/// The whole secure message, signed and encrypted to the patient's certificate. If the certificate
/// stopped being usable between the decision and the send, the portal notice goes instead: a
/// message the policy said must be encrypted is never sent in clear.
/// </summary>
public sealed class SmimeMessageComposer(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    RecipientCertificates certificates,
    OrganisationSmime smime,
    SecureMessageNotice notice,
    IOptions<NotificationOptions> notificationOptions) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.SecureMessageSmime;

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || message.RecalledUtc is not null)
            return null;

        var usable = await certificates.UsableAsync(message.PatientId, recipientAddress);
        var key = await keyRing.FindAsync(message.PatientId, cancellationToken);
        if (usable is not { } recipient || smime.Protector is not { } protector || key is null)
        {
            message.DeliveryMethod = DeliveryMethod.PortalPickup;
            message.PolicyReason = "The recipient's certificate was no longer usable when sending, so a portal notice was sent instead.";
            await db.SaveChangesAsync(cancellationToken);
            return notice.Compose(recipientAddress, $"/messages/{message.Id}", messageId);
        }

        using var certificate = recipient.Certificate;
        var clear = new MimeMessage
        {
            Subject = Decrypt(key, message.SubjectCipher, message.Id, "subject"),
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
            Body = new TextPart(TextFormat.Plain) { Text = Decrypt(key, message.BodyCipher, message.Id, "body") },
        };
        var options = notificationOptions.Value;
        clear.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        clear.To.Add(MailboxAddress.Parse(recipientAddress));
        var protectedMessage = protector.SignAndEncrypt(clear, certificate);

        message.DeliveryEvidence = $"S/MIME, AES-256-CBC with RSA-OAEP, to certificate SHA-256 {recipient.Fingerprint}";
        await db.SaveChangesAsync(cancellationToken);
        return protectedMessage;
    }

    // The same associated data the patient grain encrypts with.
    private static string Decrypt(byte[] key, byte[] cipher, Guid messageId, string column) =>
        Encoding.UTF8.GetString(PhiCipher.Decrypt(key, cipher, Encoding.ASCII.GetBytes($"message:{messageId:N}:{column}")));
}
