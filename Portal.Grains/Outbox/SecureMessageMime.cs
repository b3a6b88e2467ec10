using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Messaging.Content;
using Portal.Messaging.Notifications;
using Portal.Data.Messages;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>
/// A secure message as a whole email: its text (and formatted text with a plain alternative) plus its files.
/// Both ways of sending the whole message use it: encrypted end to end (S/MIME, OpenPGP) and over verified TLS.
/// </summary>
internal static class SecureMessageMime
{
    public static async Task<MimeMessage> ComposeAsync(
        PortalDbContext db, SecureMessage message, DataKey key, NotificationOptions options, string portalLink,
        string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        var subject = key.OpenText(PhiFields.MessageSubject, message.Id, message.SubjectCipher);
        var body = key.OpenText(PhiFields.MessageBody, message.Id, message.BodyCipher);
        var builder = new BodyBuilder();
        if (message.BodyFormat == BodyFormat.Html)
        {
            var html = MessageHtml.Sanitize(body);
            builder.TextBody = $"Subject: {subject}\n\n{MessageHtml.ToPlainText(html)}\n\n--\nRead and answer in the portal: {portalLink}";
            builder.HtmlBody = $"<!DOCTYPE html><html><body><h2>{System.Net.WebUtility.HtmlEncode(subject)}</h2>{html}</body></html>";
        }
        else
        {
            builder.TextBody = $"Subject: {subject}\n\n{body}\n\n--\nRead and answer in the portal: {portalLink}";
        }

        var attachments = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.MessageId == message.Id && a.PatientId == message.PatientId)
            .ToListAsync(cancellationToken);
        foreach (var attachment in attachments.OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id))
        {
            builder.Attachments.Add(
                key.OpenText(PhiFields.AttachmentFileName, attachment.Id, attachment.FileNameCipher),
                key.Open(PhiFields.AttachmentContent, attachment.Id, attachment.ContentCipher),
                ContentType.Parse(attachment.ContentType));
        }

        // Headers travel in clear (and show in previews and notification banners), so the real subject goes
        // inside and the outer subject says nothing about the content.
        var mail = new MimeMessage
        {
            Subject = $"Secure message from {options.OrganisationName}",
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
            Body = builder.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mail.To.Add(MailboxAddress.Parse(recipientAddress));
        return mail;
    }
}
