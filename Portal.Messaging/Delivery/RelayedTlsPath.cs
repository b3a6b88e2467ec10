namespace Portal.Messaging.Delivery;

/// <summary>
/// The TLS of mail sent through a relay, known on both hops. The relay's session must be verified
/// and the relay must carry the requirement onward (REQUIRETLS, or the operator's declaration);
/// then the recipient domain's own servers are probed as direct delivery would reach them (MX,
/// STARTTLS with certificate validation, MTA-STS), so a domain whose servers take mail in clear
/// is never counted as verified just because the relay is. A probe that cannot reach the
/// recipient's servers (port 25 closed here) says "not verified", which only ever means the portal.
/// </summary>
public sealed class RelayedTlsPath(SecureDelivery relay, SecureDelivery recipientServers) : ITlsProbe
{
    /// <inheritdoc />
    public async Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken)
    {
        var first = await relay.ProbeTlsAsync(domain, cancellationToken);
        if (!first.Verified) return first;
        var last = await recipientServers.ProbeTlsAsync(domain, cancellationToken);
        return last.Verified
            ? new TlsProbeResult(true, $"{first.Evidence}; recipient server: {last.Evidence}")
            : new TlsProbeResult(false, $"The recipient's own servers could not be verified: {last.Evidence}");
    }
}
