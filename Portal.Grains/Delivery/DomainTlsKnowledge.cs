using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Delivery;
using Portal.Messaging.Delivery;

namespace Portal.Grains.Delivery;

/// <summary>
/// What the product knows about a recipient domain's TLS, for the encryption policy. Asking never waits on the network:
/// a domain not yet known (or known longer ago than <see cref="DeliveryOptions.TlsKnowledgeLifetime"/>) counts as "no
/// verified TLS", which only ever makes the policy choose the portal, and a probe of it is queued. The probe runs here,
/// outside every grain turn: the domain's own MX with STARTTLS and certificate validation, MTA-STS honoured, and behind a
/// relay the relay's session and its promise to carry TLS onward as well (see <see cref="RelayedTlsPath"/>). Its result
/// is kept in DomainTlsStatuses for the next message; a probe that cannot connect in time counts as "not verified".
/// </summary>
public sealed partial class DomainTlsKnowledge(
    IDbContextFactory<PortalDbContext> dbFactory, IMailChannel channel, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DomainTlsKnowledge> logger)
    : BackgroundService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private const int MaxQueued = 10_000;

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    /// <summary>True when mail to <paramref name="address"/>'s domain is known to leave over verified TLS 1.2+. Otherwise
    /// false at once, with a probe of the domain queued.</summary>
    public async Task<bool> IsVerifiedAsync(string? address, CancellationToken cancellationToken = default)
    {
        if (DomainOf(address) is not { } domain)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.DomainTlsStatuses.AsNoTracking().SingleOrDefaultAsync(d => d.Domain == domain, cancellationToken);
        if (known is not null && Now - known.CheckedUtc < options.Value.TlsKnowledgeLifetime)
            return known.Verified;
        // One probe per domain at a time; a full queue drops the request, and the next message asks again.
        if (_pending.TryAdd(domain, 0) && !_queue.Writer.TryWrite(domain))
            _pending.TryRemove(domain, out _);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var domain in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProbeAsync(domain, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // One failed probe (the database, a resolver) must not stop the others, nor the host; the domain stays
                // unknown (portal pickup) and the next message to it asks again. No domain in the log: it comes from an address.
                LogProbeFailed(ex.GetType().Name);
            }
            finally
            {
                _pending.TryRemove(domain, out _);
            }
        }
    }

    /// <summary>Probes <paramref name="domain"/> now and records what was found.</summary>
    private async Task ProbeAsync(string domain, CancellationToken cancellationToken)
    {
        TlsProbeResult result;
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.DomainTlsStatuses.SingleOrDefaultAsync(d => d.Domain == domain, cancellationToken)
            ?? db.DomainTlsStatuses.Add(new DomainTlsStatus { Domain = domain }).Entity;
        known.Verified = result.Verified;
        known.Evidence = result.Evidence.Length > 500 ? result.Evidence[..500] : result.Evidence;
        known.CheckedUtc = Now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another silo probed the same domain at the same moment; either answer will do.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A recipient domain's TLS probe failed ({Error}); the domain stays unknown")]
    private partial void LogProbeFailed(string error);

    private static string? DomainOf(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        if (at < 0) return null;
        var domain = address![(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        return domain.Length is 0 or > 255 ? null : domain;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
