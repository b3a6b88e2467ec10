using System.Buffers;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Grains.Delivery;

/// <summary>
/// The bounce mailbox as an SMTP listener (point the bounce domain's MX, or the relay's bounce
/// routing, at it). Every report is read and acted on before it is accepted; a report that names no
/// message of ours is accepted and dropped, so senders do not retry it forever.
/// </summary>
/// <remarks>
/// It faces the internet, so every resource it spends is bounded: the message size is enforced while
/// the data arrives (SmtpServer's default only advertises it), sessions at once are capped, and both
/// a session and the wait for each command have a time limit.
/// </remarks>
public sealed partial class BounceListener(BounceProcessor processor, IOptions<DeliveryOptions> options, ILogger<BounceListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.BounceListenerPort is not { } port) return;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("bounces")
            .MaxMessageSize(settings.BounceListenerMaxMessageBytes, MaxMessageSizeHandling.Strict)
            .CommandWaitTimeout(settings.BounceListenerCommandTimeout)
            .MaxRetryCount(3)
            .MaxAuthenticationAttempts(0)
            .Endpoint(e => e
                .Endpoint(new IPEndPoint(IPAddress.Parse(settings.BounceListenerAddress), port))
                .SessionTimeout(settings.BounceListenerSessionTimeout))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new ReportStore(this));
        services.Add(new SessionLimitedListenerFactory(settings.BounceListenerMaxSessions));
        await new SmtpServer.SmtpServer(serverOptions, services).StartAsync(stoppingToken);
    }

    private async Task<SmtpResponse> ReceiveAsync(IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var result = await processor.ProcessAsync(message, transaction.To.Select(m => $"{m.User}@{m.Host}"), cancellationToken);
            LogReport(result);
            return SmtpResponse.Ok;
        }
        catch (FormatException)
        {
            return SmtpResponse.Ok; // unreadable mail at a bounce address is noise, not something to retry
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex.GetType().Name);
            return new SmtpResponse((SmtpReplyCode)451, "4.3.0 try again later"); // the sender keeps the report and retries
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce mailbox received a report: {Result}")]
    private partial void LogReport(BounceResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bounce report could not be processed: {ErrorType}")]
    private partial void LogFailed(string errorType);

    private sealed class ReportStore(BounceListener owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) =>
            owner.ReceiveAsync(transaction, buffer, cancellationToken);
    }
}
