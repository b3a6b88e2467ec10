using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Sending;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Messaging;

public sealed class SmtpMailTransportTests
{
    [Fact]
    public async Task Sends_many_messages_over_a_real_smtp_session_intact()
    {
        await using var capture = new SmtpCapture();
        await using var transport = new SmtpMailTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = capture.Port, Security = SmtpSecurity.None }));

        for (var i = 0; i < 20; i++)
        {
            var message = new MimeMessage { Subject = $"n{i}", MessageId = $"m{i}@test" };
            message.From.Add(MailboxAddress.Parse("from@example.org"));
            message.To.Add(MailboxAddress.Parse($"to{i}@example.org"));
            message.Body = new TextPart("plain") { Text = $"line one\r\n.leading dot\r\nbody {i}" };
            await transport.SendAsync(message, CancellationToken.None);
        }

        await capture.WaitForAsync(m => m.MessageId == "m19@test");
        Assert.Equal(20, capture.Messages.Count);
        var last = capture.Messages.Single(m => m.MessageId == "m19@test");
        Assert.Contains(".leading dot", last.TextBody);
        Assert.Equal("to19@example.org", last.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_an_error_not_a_silent_drop()
    {
        await using var transport = new SmtpMailTransport(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = FreePort.Next(), Security = SmtpSecurity.None, TimeoutSeconds = 2 }));
        var message = new MimeMessage { Subject = "x" };
        message.From.Add(MailboxAddress.Parse("from@example.org"));
        message.To.Add(MailboxAddress.Parse("to@example.org"));
        message.Body = new TextPart("plain") { Text = "x" };
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => transport.SendAsync(message, CancellationToken.None));
    }
}
