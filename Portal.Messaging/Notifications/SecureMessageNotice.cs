using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Portal.Messaging.Notifications;

/// <summary>
/// Composes the portal-pickup notice for a new secure message. The notice carries no PHI:
/// not the subject, not the body, not the sender's department, only that a message waits
/// in the portal and a link to it. The link holds an opaque id, never patient data.
/// </summary>
public sealed class SecureMessageNotice(IOptions<NotificationOptions> options)
{
    /// <summary>The fixed subject of every notice.</summary>
    public const string Subject = "You have a new secure message";

    private readonly NotificationOptions _options = options.Value;

    /// <summary>Builds the notice for one recipient.</summary>
    /// <param name="recipientAddress">The patient's email address.</param>
    /// <param name="portalPath">Path inside the portal that opens the message, e.g. <c>/messages/{id}</c>.</param>
    /// <param name="messageId">A stable Message-ID (without angle brackets), so a resend is recognisable.</param>
    public MimeMessage Compose(string recipientAddress, string portalPath, string messageId)
    {
        // MailboxAddress.Parse refuses CRLF and other header tricks in the address.
        var recipient = MailboxAddress.Parse(ParserOptions.Default, recipientAddress);
        var link = new Uri(new Uri(_options.PortalBaseUrl), portalPath).AbsoluteUri;

        var message = new MimeMessage
        {
            Subject = Subject,
            MessageId = messageId,
            Date = DateTimeOffset.UtcNow,
        };
        message.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        message.To.Add(recipient);

        var text = $"""
            Hello,

            You have a new secure message in your patient portal.
            To read it, sign in here:

            {link}

            For your privacy, this email does not contain the message itself.
            Please do not reply to this email.
            """;
        var encodedLink = System.Net.WebUtility.HtmlEncode(link);
        var html = $"""
            <!doctype html><html><body style="font-family:sans-serif;color:#1b2733">
            <p>Hello,</p>
            <p>You have a new secure message in your patient portal.</p>
            <p><a href="{encodedLink}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">Read your message</a></p>
            <p style="color:#555">Or open this address: {encodedLink}</p>
            <p style="color:#555">For your privacy, this email does not contain the message itself. Please do not reply to this email.</p>
            </body></html>
            """;

        message.Body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = text },
            new TextPart(TextFormat.Html) { Text = html },
        };
        return message;
    }
}
