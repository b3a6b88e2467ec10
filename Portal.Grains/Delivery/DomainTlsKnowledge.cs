using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>
/// What the product knows about a recipient domain's TLS, for the encryption policy. The first
/// message to a domain (or the first after <see cref="DeliveryOptions.TlsKnowledgeLifetime"/>)
/// probes it: the domain's own MX with STARTTLS and certificate validation, MTA-STS honoured,
/// and behind a relay the relay's session and its promise to carry TLS onward as well (see
/// <see cref="Portal.Messaging.Delivery.RelayedTlsPath"/>), and the result is kept
/// in DomainTlsStatuses. A probe that cannot connect in time counts as "no verified TLS", which
/// only ever makes the policy choose the portal.
/// </summary>
public sealed class DomainTlsKnowledge(IDbContextFactory<PortalDbContext> dbFactory, IMailChannel channel, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>True when mail to <paramref name="address"/>'s domain is known to leave over verified TLS 1.2+.</summary>
    public async Task<bool> IsVerifiedAsync(string? address, CancellationToken cancellationToken = default)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        if (at < 0) return false;
        var domain = address![(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        if (domain.Length == 0 || domain.Length > 255) return false;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.DomainTlsStatuses.SingleOrDefaultAsync(d => d.Domain == domain, cancellationToken);
        if (known is not null && now - known.CheckedUtc < options.Value.TlsKnowledgeLifetime)
            return known.Verified;

        Portal.Messaging.Delivery.TlsProbeResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                result = await channel.ProbeTlsAsync(domain, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = new(false, "The probe timed out.");
            }
        }
        known ??= db.DomainTlsStatuses.Add(new DomainTlsStatus { Domain = domain }).Entity;
        known.Verified = result.Verified;
        known.Evidence = result.Evidence.Length > 500 ? result.Evidence[..500] : result.Evidence;
        known.CheckedUtc = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another message to the same domain probed at the same moment; either answer will do.
        }
        return result.Verified;
    }
}
