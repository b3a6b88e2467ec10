using System.Collections.Concurrent;
using DnsClient;
using DnsClient.Protocol;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Finds a domain's MTA-STS policy (RFC 8461 section 5.1): the <c>_mta-sts</c> TXT record says
/// whether there is one and its id; the policy is fetched when the id is new and kept for its
/// max_age. A cached policy outlives a missing TXT record or a failed fetch until it expires,
/// so an attacker who blocks either cannot switch the policy off.
/// </summary>
public sealed class MtaStsPolicyCache(ILookupClient dns, IMtaStsPolicyFetcher fetcher, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy in force for <paramref name="domain"/>, or null when it has none.</summary>
    public async Task<MtaStsPolicy?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var now = _clock.GetUtcNow();
        var cached = _entries.TryGetValue(domain, out var entry) && entry.Expires > now ? entry : null;

        var id = await PolicyIdAsync(domain, cancellationToken);
        if (id is null) return cached?.Policy;
        if (cached is not null && cached.Id == id) return cached.Policy;

        var text = await fetcher.FetchAsync(domain, cancellationToken);
        if (text is null || !MtaStsPolicy.TryParse(text, out var policy, out _)) return cached?.Policy;
        _entries[domain] = new Entry(policy, id, now + policy.MaxAge);
        return policy;
    }

    // The id from "v=STSv1; id=...;", or null when there is not exactly one such record.
    private async Task<string?> PolicyIdAsync(string domain, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await dns.QueryAsync("_mta-sts." + domain, QueryType.TXT, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException) { return null; }
        if (response.HasError) return null;

        var records = response.Answers.TxtRecords()
            .Select(record => string.Concat(record.Text))
            .Where(text => text.StartsWith("v=STSv1", StringComparison.Ordinal))
            .ToList();
        if (records.Count != 1) return null;
        foreach (var field in records[0].Split(';'))
        {
            var pair = field.Trim();
            if (pair.StartsWith("id=", StringComparison.Ordinal) && pair.Length > 3) return pair[3..];
        }
        return null;
    }

    private sealed record Entry(MtaStsPolicy Policy, string Id, DateTimeOffset Expires);
}
