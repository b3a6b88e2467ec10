using MimeKit;
using Portal.Messaging.Delivery;

namespace Portal.Grains.Delivery;

/// <summary>The way out the delivery workers use: SMTP through the connection pool, or the development pickup directory.</summary>
public interface IMailChannel
{
    /// <summary>DKIM-signs and hands over one message; says what happened. Throws only when cancelled.</summary>
    Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, bool requireVerifiedTls, CancellationToken cancellationToken);

    /// <summary>Whether mail for <paramref name="domain"/> would leave over verified TLS 1.2+, and the evidence.</summary>
    Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken);

    /// <summary>Whether the next hop answers now (for health), with a reason free of addresses.</summary>
    Task<(bool Reachable, string Reason)> CheckReachableAsync(CancellationToken cancellationToken);
}
