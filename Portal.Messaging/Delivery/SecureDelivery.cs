using MailKit.Net.Smtp;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Delivers one copy of a message to the recipients of one domain: resolves the route, then
/// tries its servers in order through the pool until one gives an answer. A server that cannot
/// do TLS with a valid certificate is skipped, never used in clear; when no server could, the
/// outcome is <see cref="DeliveryStatus.NoSecureRoute"/> and the caller falls back to portal pickup.
/// </summary>
public sealed class SecureDelivery(IDeliveryRoute route, SmtpConnectionPool pool) : ITlsProbe
{
    /// <summary>What lies beyond the sessions this route opens; <see cref="OnwardHop.None"/> for direct delivery.</summary>
    public OnwardHop Onward { get; init; } = OnwardHop.None;

    /// <summary>Sends <paramref name="message"/> with the given envelope; all recipients must share one domain.</summary>
    public Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, CancellationToken cancellationToken) =>
        SendAsync(message, sender, recipients, requireVerifiedTls: false, cancellationToken);

    /// <summary>Sends <paramref name="message"/> with the given envelope, optionally only over verified TLS.</summary>
    /// <param name="message">The finished message.</param>
    /// <param name="sender">Envelope sender (MAIL FROM), where bounces go.</param>
    /// <param name="recipients">Envelope recipients, all of one domain.</param>
    /// <param name="requireVerifiedTls">
    /// When true the message is handed over only on a session with TLS 1.2 or later and a validated
    /// certificate; a loopback session in clear counts as no secure route.
    /// </param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, bool requireVerifiedTls, CancellationToken cancellationToken)
    {
        if (recipients.Count == 0) throw new ArgumentException("At least one recipient is needed.", nameof(recipients));
        var domain = recipients[0].Domain;
        if (recipients.Any(r => !string.Equals(r.Domain, domain, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException("All recipients of one delivery must share a domain.", nameof(recipients));

        var resolution = await route.ResolveAsync(domain, cancellationToken);
        switch (resolution.Status)
        {
            case RouteStatus.NoSecureRoute: return DeliveryOutcome.NoSecureRoute(resolution.Reason);
            case RouteStatus.NoRoute: return DeliveryOutcome.Permanent(null, "5.1.2", resolution.Reason);
            case RouteStatus.TemporaryFailure: return DeliveryOutcome.Temporary(null, "4.4.3", resolution.Reason);
        }

        DeliveryOutcome? temporary = null;
        DeliveryOutcome? insecure = null;
        foreach (var destination in resolution.Destinations)
        {
            var attempt = await SendThroughAsync(destination, message, sender, recipients, requireVerifiedTls, cancellationToken);
            // A pooled session the server closed while idle breaks on first use: that says nothing of
            // the server, so one fresh session to it is tried before moving on.
            if (attempt.ReusedSessionBroke)
                attempt = await SendThroughAsync(destination, message, sender, recipients, requireVerifiedTls, cancellationToken);
            if (!attempt.TryNextServer) return attempt.Outcome;
            if (attempt.Outcome.Status == DeliveryStatus.NoSecureRoute) insecure = attempt.Outcome;
            else temporary = attempt.Outcome;
        }

        // A server that was merely down may be secure when it is back; only "every server refused TLS" is final here.
        return temporary
            ?? insecure
            ?? DeliveryOutcome.Temporary(null, "4.4.3", "The route listed no servers.");
    }

    private async Task<ServerAttempt> SendThroughAsync(SmtpDestination destination, MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, bool requireVerifiedTls, CancellationToken cancellationToken)
    {
        SmtpLease lease;
        try
        {
            lease = await pool.AcquireAsync(destination, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new ServerAttempt(DeliveryOutcomeClassifier.Classify(ex), TryNextServer: true, ReusedSessionBroke: false);
        }

        await using (lease)
        {
            if (requireVerifiedTls && Refusal(lease) is { } refusal)
                return new ServerAttempt(DeliveryOutcome.NoSecureRoute(refusal), true, false);
            var requireTls = requireVerifiedTls && Onward != OnwardHop.None && OffersRequireTls(lease);
            DeliveryOutcome outcome;
            // REQUIRETLS is asked for on this message only: the session goes back to the pool for mail that needs no such promise.
            lease.Client.RequireTLS = requireTls;
            try
            {
                outcome = await lease.SendAsync(message, sender, recipients, cancellationToken);
            }
            finally
            {
                lease.Client.RequireTLS = false;
            }
            if (outcome.Status == DeliveryStatus.Delivered)
                return new ServerAttempt(outcome with { TransportEvidence = requireTls ? $"{lease.TransportEvidence}, with REQUIRETLS" : lease.TransportEvidence }, false, false);
            // The session broke or the server closed it (421) instead of answering: the next MX may do
            // better (RFC 5321 section 5.1).
            var sessionLost = outcome.Status == DeliveryStatus.TemporaryFailure && (outcome.ReplyCode is null || lease.IsBroken);
            return new ServerAttempt(outcome, sessionLost, sessionLost && lease.IsReused);
        }
    }

    private sealed record ServerAttempt(DeliveryOutcome Outcome, bool TryNextServer, bool ReusedSessionBroke);

    /// <summary>
    /// Finds out whether mail for <paramref name="domain"/> can leave over verified TLS 1.2+, without
    /// sending anything: resolves the route and opens (or reuses) a session to its best server that
    /// answers. The evidence names the TLS version and cipher suite, or why there is none.
    /// </summary>
    public async Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken)
    {
        var resolution = await route.ResolveAsync(domain, cancellationToken);
        if (resolution.Status != RouteStatus.Routed) return new TlsProbeResult(false, resolution.Reason);
        var reason = "The route listed no servers.";
        foreach (var destination in resolution.Destinations)
        {
            try
            {
                await using var lease = await pool.AcquireAsync(destination, cancellationToken);
                if (Refusal(lease) is not { } refusal) return new TlsProbeResult(true, Evidence(lease));
                reason = refusal;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                reason = DeliveryOutcomeClassifier.Classify(ex).Detail;
            }
        }
        return new TlsProbeResult(false, reason);
    }

    // Why this session may not carry mail that needs verified TLS, or null when it may.
    private string? Refusal(SmtpLease lease)
    {
        if (!lease.HasVerifiedTls) return $"The session offered no verified TLS 1.2 or later ({lease.TransportEvidence}).";
        if (Onward == OnwardHop.RelayRequireTls && !OffersRequireTls(lease))
            return $"The relay offers no REQUIRETLS and is not declared to verify TLS onward, so its next hop is unknown ({lease.TransportEvidence}).";
        return null;
    }

    private string Evidence(SmtpLease lease) => Onward switch
    {
        OnwardHop.None => lease.TransportEvidence,
        _ when OffersRequireTls(lease) => $"{lease.TransportEvidence}, relay offers REQUIRETLS",
        _ => $"{lease.TransportEvidence}, relay declared to verify TLS onward",
    };

    private static bool OffersRequireTls(SmtpLease lease) => lease.Client.Capabilities.HasFlag(SmtpCapabilities.RequireTLS);
}
