using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Notifications;

namespace Portal.Tests.Messaging;

public sealed class SecureMessageNoticeTests
{
    private static readonly SecureMessageNotice Notice = new(Options.Create(new NotificationOptions
    {
        PortalBaseUrl = "https://portal.example.org",
        FromAddress = "no-reply@example.org",
        FromName = "Example Clinic",
    }));

    [Fact]
    public void Carries_a_link_into_the_portal_and_a_stable_message_id()
    {
        var id = Guid.NewGuid();
        var mail = Notice.Compose("pat@example.net", $"/messages/{id}", "row-1@example.org");
        Assert.Equal(SecureMessageNotice.Subject, mail.Subject);
        Assert.Equal("row-1@example.org", mail.MessageId);
        Assert.Equal("pat@example.net", mail.To.Mailboxes.Single().Address);
        Assert.Contains($"https://portal.example.org/messages/{id}", mail.TextBody);
        Assert.Contains($"https://portal.example.org/messages/{id}", mail.HtmlBody);
    }

    [Theory]
    [InlineData("pat@example.net\r\nBcc: victim@example.org")]
    [InlineData("pat@example.net\nSubject: x")]
    [InlineData("not an address")]
    public void Refuses_addresses_that_would_inject_headers(string address) =>
        Assert.ThrowsAny<ParseException>(() => Notice.Compose(address, "/messages/1", "x@example.org"));

    [Fact]
    public void The_raw_mime_has_only_the_expected_recipients()
    {
        var mail = Notice.Compose("\"Pat\" <pat@example.net>", "/messages/1", "x@example.org");
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        var raw = System.Text.Encoding.ASCII.GetString(stream.ToArray());
        Assert.DoesNotContain("Bcc:", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Single(raw.Split('\n'), l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
    }
}
