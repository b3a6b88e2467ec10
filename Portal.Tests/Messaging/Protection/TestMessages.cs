using MimeKit;
using MimeKit.Text;

namespace Portal.Tests.Messaging.Protection;

/// <summary>Messages shaped like what the portal sends.</summary>
public static class TestMessages
{
    public const string PlainText = "Dear patient,\r\n\r\nYour lab results are ready. Hämoglobin: 13.5 g/dL — within range.\r\n\r\nYour care team\r\n";

    public static MimeMessage Notice(string subject = "Your lab results are ready")
    {
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = "outbox-42@portal.example.org",
            Date = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero),
        };
        message.From.Add(new MailboxAddress("Example Clinic", "care@portal.example.org"));
        message.To.Add(new MailboxAddress("Pat Example", "pat@patient.example.net"));
        message.Headers.Add("List-Unsubscribe", "<https://portal.example.org/unsubscribe/opaque-token>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = PlainText },
            new TextPart(TextFormat.Html) { Text = "<p>Dear patient,</p><p>Your lab results are ready. Hämoglobin: 13.5 g/dL — within range.</p>" },
        };
        return message;
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        // CRLF, as the message travels over SMTP.
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }

    public static MimeMessage Parse(byte[] raw) => MimeMessage.Load(new MemoryStream(raw));
}
