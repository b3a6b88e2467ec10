using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;

namespace Portal.Grains.Delivery;

/// <summary>
/// Development only: messages land in the pickup directory the /dev/mail page shows (the transport
/// signs them when DKIM is configured). A local folder is not TLS, so mail that requires verified
/// TLS never goes this way.
/// </summary>
public sealed class PickupMailChannel(IMailTransport transport) : IMailChannel
{
    private const string NotTls = "Development pickup directory: no TLS route.";

    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, bool requireVerifiedTls, CancellationToken cancellationToken)
    {
        if (requireVerifiedTls) return DeliveryOutcome.NoSecureRoute(NotTls);
        try
        {
            await transport.SendAsync(message, cancellationToken);
            return DeliveryOutcome.Delivered with { TransportEvidence = "development pickup directory" };
        }
        catch (IOException ex)
        {
            return DeliveryOutcome.Temporary(null, "4.3.0", $"The pickup directory could not be written ({ex.GetType().Name}).");
        }
    }

    public Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken) => Task.FromResult(new TlsProbeResult(false, NotTls));

    public Task<(bool Reachable, string Reason)> CheckReachableAsync(CancellationToken cancellationToken) => Task.FromResult((true, "Development pickup directory."));
}
