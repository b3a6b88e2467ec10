using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Messaging.Dkim;

namespace Portal.Grains.Delivery;

/// <summary>
/// SMTP through the pooled, TLS-verifying connections: the relay or the recipient's MX, as the
/// route says. Signing happens here, last, so nothing changes the message after its DKIM signature.
/// TLS is probed along the whole path (<paramref name="tls"/>): on the relay route that includes
/// the recipient domain's own servers.
/// </summary>
public sealed class SmtpMailChannel(SecureDelivery delivery, ITlsProbe tls, IDeliveryRoute route, SmtpConnectionPool pool, DkimSigners dkim, DeliveryRoute kind) : IMailChannel
{
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, bool requireVerifiedTls, CancellationToken cancellationToken)
    {
        try
        {
            dkim.Sign(message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return DeliveryOutcome.Permanent(null, "5.6.0", $"The message could not be signed ({ex.GetType().Name}).");
        }
        return await delivery.SendAsync(message, sender, [recipient], requireVerifiedTls, cancellationToken);
    }

    public Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken) => tls.ProbeTlsAsync(domain, cancellationToken);

    public async Task<(bool Reachable, string Reason)> CheckReachableAsync(CancellationToken cancellationToken)
    {
        if (kind == DeliveryRoute.Direct) return (true, "Direct delivery: each recipient domain's servers are tried per message.");
        // A relay route names the same smart host for every domain, so any domain will do.
        var resolution = await route.ResolveAsync("relay.invalid", cancellationToken);
        try
        {
            await using var lease = await pool.AcquireAsync(resolution.Destinations[0], cancellationToken);
            return (true, $"The relay answers ({lease.TransportEvidence}).");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (false, $"The relay is unreachable: {DeliveryOutcomeClassifier.Classify(ex).Detail}");
        }
    }
}
