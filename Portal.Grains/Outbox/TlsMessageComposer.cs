using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Portal.Grains.Data;
using Portal.Grains.Encryption;
using Portal.Messaging.Notifications;

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
    TimeProvider clock) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.SecureMessageTls;

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SecureMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == row.ReferenceId && m.PatientId == row.RecipientId, cancellationToken);
        if (message is null || message.RecalledUtc is not null || message.ExpiresUtc <= now)
            return null;
        // An erased record (crypto-shredded) has nothing left to send.
        if (await keyRing.FindAsync(message.PatientId, cancellationToken) is not { } key)
            return null;

        var options = notificationOptions.Value;
        var subject = Decrypt(key, message.SubjectCipher, message.Id, "subject");
        var body = Decrypt(key, message.BodyCipher, message.Id, "body");
        var mail = new MimeMessage
        {
            Subject = $"Secure message from {options.OrganisationName}",
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
            Body = new TextPart(TextFormat.Plain)
            {
                Text = $"Subject: {subject}\n\n{body}\n\n--\nYou can also read and answer this message in the portal: {options.PortalBaseUrl.TrimEnd('/')}/messages/{message.Id}",
            },
        };
        mail.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mail.To.Add(MailboxAddress.Parse(recipientAddress));
        return mail;
    }

    // The same associated data the patient grain encrypts with.
    private static string Decrypt(byte[] key, byte[] cipher, Guid messageId, string column) =>
        Encoding.UTF8.GetString(PhiCipher.Decrypt(key, cipher, Encoding.ASCII.GetBytes($"message:{messageId:N}:{column}")));
}
