using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Grains.Data;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Messaging.Content;
using Portal.Messaging.Notifications;
using Portal.Messaging.Policy;
using Portal.Messaging.Protection;

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
    OutboxKind kind) : IOutboxMailComposer
{
    public static IEnumerable<OutboxKind> Kinds => [OutboxKind.SecureMessageSmime, OutboxKind.SecureMessageOpenPgp];

    public OutboxKind Kind => kind;

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || message.RecalledUtc is not null || message.ExpiresUtc <= DateTime.UtcNow)
            return null;
        var key = await keyRing.FindAsync(message.PatientId, cancellationToken);

        MimeMessage? protectedMessage = null;
        if (key is not null)
        {
            var clear = await ClearAsync(db, message, key, recipientAddress, messageId, cancellationToken);
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
        return protectedMessage ?? notice.Compose(recipientAddress, $"/messages/{message.Id}", messageId);
    }

    /// <summary>The message as it will be encrypted: text (and formatted text with a plain alternative) plus its files.</summary>
    private async Task<MimeMessage> ClearAsync(PortalDbContext db, SecureMessage message, byte[] key, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        // Encryption covers the body only; headers travel in clear, so the real subject goes inside
        // and the outer subject says nothing about the content.
        var options = notificationOptions.Value;
        var subject = Decrypt(key, message.SubjectCipher, Context("message", message.Id, "subject"));
        var body = Decrypt(key, message.BodyCipher, Context("message", message.Id, "body"));
        var builder = new BodyBuilder();
        if (message.BodyFormat == BodyFormat.Html)
        {
            var html = MessageHtml.Sanitize(body);
            builder.TextBody = $"Subject: {subject}\n\n{MessageHtml.ToPlainText(html)}";
            builder.HtmlBody = $"<!DOCTYPE html><html><body><h2>{System.Net.WebUtility.HtmlEncode(subject)}</h2>{html}</body></html>";
        }
        else
        {
            builder.TextBody = $"Subject: {subject}\n\n{body}";
        }
        var attachments = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.MessageId == message.Id && a.PatientId == message.PatientId)
            .ToListAsync(cancellationToken);
        foreach (var attachment in attachments.OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id))
        {
            builder.Attachments.Add(
                Decrypt(key, attachment.FileNameCipher, Context("attachment", attachment.Id, "file-name")),
                PhiCipher.Decrypt(key, attachment.ContentCipher, Context("attachment", attachment.Id, "content")),
                ContentType.Parse(attachment.ContentType));
        }
        var clear = new MimeMessage
        {
            Subject = $"Secure message from {options.OrganisationName}",
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
            Body = builder.ToMessageBody(),
        };
        clear.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        clear.To.Add(MailboxAddress.Parse(recipientAddress));
        return clear;
    }

    // The same associated data the patient grain encrypts with.
    private static byte[] Context(string table, Guid rowId, string column) => PatientGrain.Context(table, rowId, column);

    private static string Decrypt(byte[] key, byte[] cipher, byte[] context) => Encoding.UTF8.GetString(PhiCipher.Decrypt(key, cipher, context));
}
