using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

public sealed class DeliveryOutcomeClassifierTests
{
    [Fact]
    public void A_5xx_reply_is_permanent_with_its_codes_and_without_the_address()
    {
        var ex = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            MailboxAddress.Parse("jane.doe@example.org"), "5.1.1 <jane.doe@example.org>: Recipient address rejected: User unknown in virtual mailbox table");

        var outcome = DeliveryOutcomeClassifier.Classify(ex);

        Assert.Equal(DeliveryStatus.PermanentFailure, outcome.Status);
        Assert.Equal(550, outcome.ReplyCode);
        Assert.Equal("5.1.1", outcome.EnhancedStatusCode);
        Assert.DoesNotContain("jane", outcome.ToString());
        Assert.Contains("User unknown", outcome.Detail);
        Assert.False(outcome.ShouldRetry);
    }

    [Fact]
    public void A_closing_reply_where_an_answer_to_the_command_was_due_is_never_delivered()
    {
        // SmtpServer, for one, answers "221" to the next command of a session it timed out.
        var ex = new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ServiceClosingTransmissionChannel,
            MailboxAddress.Parse("a@example.org"), "Timeout while waiting for input.");
        var outcome = DeliveryOutcomeClassifier.Classify(ex);
        Assert.Equal(DeliveryStatus.TemporaryFailure, outcome.Status);
        Assert.Equal(221, outcome.ReplyCode);
    }

    [Fact]
    public void A_4xx_reply_is_temporary()
    {
        var ex = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy,
            MailboxAddress.Parse("a@example.org"), "4.7.1 Greylisted, please try again in 300 seconds");
        var outcome = DeliveryOutcomeClassifier.Classify(ex);
        Assert.Equal(DeliveryStatus.TemporaryFailure, outcome.Status);
        Assert.Equal(450, outcome.ReplyCode);
        Assert.Equal("4.7.1", outcome.EnhancedStatusCode);
        Assert.True(outcome.ShouldRetry);
    }

    [Fact]
    public void Connection_level_failures_are_temporary()
    {
        Exception[] failures =
        [
            new SocketException((int)SocketError.ConnectionRefused),
            new IOException("reset"),
            new TimeoutException(),
            new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
            new ServiceNotConnectedException(),
            new InvalidOperationException("something unforeseen"),
        ];
        Assert.All(failures, f => Assert.Equal(DeliveryStatus.TemporaryFailure, DeliveryOutcomeClassifier.Classify(f).Status));
    }

    [Fact]
    public void Tls_failures_mean_no_secure_route()
    {
        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(new SslHandshakeException("bad certificate")).Status);
        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(new System.Security.Authentication.AuthenticationException("handshake")).Status);
        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(new SecureTransportUnavailableException("no STARTTLS")).Status);
    }

    [Theory]
    [InlineData("550 5.7.1 Message rejected", "5.7.1")]
    [InlineData("Requested action aborted 4.3.2 busy", "4.3.2")]
    [InlineData("5.1.10 RESOLVER.ADR.RecipientNotFound", "5.1.10")]
    [InlineData("Rejected from 10.4.5.6", null)]
    [InlineData("no code here", null)]
    public void Enhanced_status_codes_are_found_in_reply_text(string text, string? expected)
    {
        Assert.Equal(expected, DeliveryOutcomeClassifier.EnhancedStatusCode(text));
    }

    [Fact]
    public void Addresses_in_any_form_are_redacted()
    {
        var text = AddressRedactor.Redact("rcpt <a.b+c@x.example> and plain d_e@y.example, ok");
        Assert.Equal("rcpt [address] and plain [address], ok", text);
    }
}
