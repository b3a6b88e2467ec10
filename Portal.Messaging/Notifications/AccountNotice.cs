using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Portal.Messaging.Notifications;

/// <summary>
/// Account and security notices (a recovery code was used, a new sign-in, a password reset link).
/// Plain statements about the account only: never PHI, never the reason a patient is in care.
/// </summary>
public sealed class AccountNotice(IOptions<NotificationOptions> options)
{
    private readonly NotificationOptions _options = options.Value;

    /// <summary>Builds a notice with one optional call to action.</summary>
    /// <param name="recipientAddress">The account's email address.</param>
    /// <param name="subject">A fixed subject chosen by the caller (never user input).</param>
    /// <param name="paragraphs">The statements to make, in order.</param>
    /// <param name="action">An optional button: its label and a path (or absolute URL) inside the portal.</param>
    /// <param name="messageId">A stable Message-ID without angle brackets.</param>
    public MimeMessage Compose(string recipientAddress, string subject, IReadOnlyList<string> paragraphs, (string Label, string Path)? action, string messageId)
    {
        var message = new MimeMessage { Subject = subject, MessageId = messageId, Date = DateTimeOffset.UtcNow };
        message.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        message.To.Add(MailboxAddress.Parse(ParserOptions.Default, recipientAddress));

        var link = action is { } a ? new Uri(new Uri(_options.PortalBaseUrl), a.Path).AbsoluteUri : null;
        var text = string.Join("\n\n", paragraphs) + (link is null ? "" : $"\n\n{action!.Value.Label}: {link}") +
                   "\n\nThis is an automatic message about your account. Please do not reply.";

        var html = new System.Text.StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;color:#1b2733\">");
        foreach (var paragraph in paragraphs)
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph)).Append("</p>");
        if (link is not null)
            html.Append($"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\" style=\"display:inline-block;padding:10px 18px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px\">{System.Net.WebUtility.HtmlEncode(action!.Value.Label)}</a></p>")
                .Append($"<p style=\"color:#555\">Or open this address: {System.Net.WebUtility.HtmlEncode(link)}</p>");
        html.Append("<p style=\"color:#555\">This is an automatic message about your account. Please do not reply.</p></body></html>");

        message.Body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = text },
            new TextPart(TextFormat.Html) { Text = html.ToString() },
        };
        return message;
    }
}
