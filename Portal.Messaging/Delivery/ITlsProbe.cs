namespace Portal.Messaging.Delivery;

/// <summary>Finds out, without sending anything, whether a domain's mail can travel over verified TLS all the way.</summary>
public interface ITlsProbe
{
    /// <summary>Probes the path mail to <paramref name="domain"/> would take; a probe that cannot tell says "not verified".</summary>
    Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>Whether a domain's mail can travel over verified TLS, with the evidence or the reason (no addresses).</summary>
/// <param name="Verified">TLS 1.2 or later with a validated certificate on every hop that was checked.</param>
/// <param name="Evidence">TLS version, cipher suite and server of each hop; or why not.</param>
public sealed record TlsProbeResult(bool Verified, string Evidence);
