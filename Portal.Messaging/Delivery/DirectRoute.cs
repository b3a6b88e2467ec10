using DnsClient;
using DnsClient.Protocol;
using Portal.Messaging.Sending;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Delivers straight to the recipient domain's mail servers: MX records by preference
/// (RFC 5321 section 5.1), the domain's own address when it has no MX, nothing when it
/// publishes a null MX (RFC 7505). STARTTLS with a valid certificate is always required;
/// an MTA-STS policy in enforce mode also restricts which MX hosts may be used.
/// </summary>
public sealed class DirectRoute(ILookupClient dns, MtaStsPolicyCache mtaSts, Random? random = null) : IDeliveryRoute
{
    /// <summary>The SMTP port for server-to-server delivery.</summary>
    public const int SmtpPort = 25;

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Port to connect to on every MX host; always 25 outside tests.</summary>
    public int Port { get; init; } = SmtpPort;

    /// <inheritdoc />
    public async Task<RouteResolution> ResolveAsync(string recipientDomain, CancellationToken cancellationToken)
    {
        var domain = recipientDomain.Trim().TrimEnd('.').ToLowerInvariant();
        IReadOnlyList<string> hosts;
        try
        {
            var mx = await dns.QueryAsync(domain, QueryType.MX, QueryClass.IN, cancellationToken);
            if (mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
                return RouteResolution.NoRoute("The recipient domain does not exist.");
            if (mx.HasError) return RouteResolution.Temporary($"MX lookup failed ({mx.Header.ResponseCode}).");

            var records = mx.Answers.MxRecords().ToList();
            if (records.Count == 1 && HostName(records[0].Exchange) == "")
                return RouteResolution.NoRoute("The recipient domain accepts no mail (null MX).");
            hosts = records.Count > 0
                ? Ordered(records)
                : await ImplicitMxAsync(domain, cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            return RouteResolution.Temporary($"DNS did not answer ({ex.Code}).");
        }
        if (hosts.Count == 0) return RouteResolution.NoRoute("The recipient domain has neither MX nor address records.");

        var policy = await mtaSts.GetAsync(domain, cancellationToken);
        if (policy?.Mode == MtaStsMode.Enforce)
        {
            hosts = hosts.Where(policy.Matches).ToList();
            if (hosts.Count == 0)
                return RouteResolution.NoSecureRoute("The domain's MTA-STS policy (enforce) allows none of its MX hosts.") with { MtaStsMode = MtaStsMode.Enforce };
        }

        var destinations = hosts.Select(host => new SmtpDestination(host, Port, SmtpSecurity.StartTls, domain) { Provider = MailboxProviders.Of(host) }).ToList();
        return RouteResolution.Routed(destinations, $"{hosts.Count} MX host(s).") with { MtaStsMode = policy?.Mode };
    }

    // Lowest preference first; hosts of equal preference in random order so load spreads (section 5.1).
#pragma warning disable CA5394 // spreading load over equal hosts needs no secret
    private List<string> Ordered(List<MxRecord> records) => records
        .OrderBy(record => record.Preference)
        .ThenBy(_ => _random.Next())
        .Select(record => HostName(record.Exchange))
        .Where(host => host.Length > 0)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToList();
#pragma warning restore CA5394

    // No MX: the domain itself is the mail server when it has an address (RFC 5321 section 5.1).
    private async Task<IReadOnlyList<string>> ImplicitMxAsync(string domain, CancellationToken cancellationToken)
    {
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var response = await dns.QueryAsync(domain, type, QueryClass.IN, cancellationToken);
            if (!response.HasError && response.Answers.AddressRecords().Any()) return [domain];
        }
        return [];
    }

    private static string HostName(DnsString name) => name.Value.TrimEnd('.').ToLowerInvariant();
}
