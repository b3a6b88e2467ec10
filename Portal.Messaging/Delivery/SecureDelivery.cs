using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Delivers one copy of a message to the recipients of one domain: resolves the route, then
/// tries its servers in order through the pool until one gives an answer. A server that cannot
/// do TLS with a valid certificate is skipped, never used in clear; when no server could, the
/// outcome is <see cref="DeliveryStatus.NoSecureRoute"/> and the caller falls back to portal pickup.
/// </summary>
public sealed class SecureDelivery(IDeliveryRoute route, SmtpConnectionPool pool)
{
    /// <summary>Sends <paramref name="message"/> with the given envelope; all recipients must share one domain.</summary>
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> recipients, CancellationToken cancellationToken)
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
                var failed = DeliveryOutcomeClassifier.Classify(ex);
                if (failed.Status == DeliveryStatus.NoSecureRoute) insecure = failed;
                else temporary = failed;
                continue;
            }

            await using (lease)
            {
                var outcome = await lease.SendAsync(message, sender, recipients, cancellationToken);
                // The session broke before the server answered: the next MX may do better (RFC 5321 section 5.1).
                if (outcome.Status == DeliveryStatus.TemporaryFailure && outcome.ReplyCode is null)
                {
                    temporary = outcome;
                    continue;
                }
                return outcome;
            }
        }

        // A server that was merely down may be secure when it is back; only "every server refused TLS" is final here.
        return temporary
            ?? insecure
            ?? DeliveryOutcome.Temporary(null, "4.4.3", "The route listed no servers.");
    }
}
