using Portal.Messaging.Delivery;
using Portal.Tests.Messaging.Protection;

namespace Portal.Tests.Messaging.Delivery;

public sealed class MtaStsPolicyCacheTests
{
    private const string Policy = "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 3600\n";
    private readonly MutableClock _clock = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly FakePolicyFetcher _fetcher = new();

    [Fact]
    public async Task A_domain_without_the_txt_record_has_no_policy_and_nothing_is_fetched()
    {
        var (dns, _) = FakeDns.Create();
        var cache = new MtaStsPolicyCache(dns, _fetcher, _clock);
        Assert.Null(await cache.GetAsync("example.org", CancellationToken.None));
        Assert.Equal(0, _fetcher.Fetches);
    }

    [Fact]
    public async Task The_policy_is_fetched_once_per_id_and_again_when_the_id_changes()
    {
        var (dns, table) = FakeDns.Create();
        table.Txt("_mta-sts.example.org", "v=STSv1; id=20260101T000000;");
        _fetcher.Policies["example.org"] = Policy;
        var cache = new MtaStsPolicyCache(dns, _fetcher, _clock);

        Assert.Equal(MtaStsMode.Enforce, (await cache.GetAsync("example.org", CancellationToken.None))?.Mode);
        Assert.NotNull(await cache.GetAsync("EXAMPLE.org.", CancellationToken.None));
        Assert.Equal(1, _fetcher.Fetches);

        table.Clear("_mta-sts.example.org", DnsClient.QueryType.TXT);
        table.Txt("_mta-sts.example.org", "v=STSv1; id=20260102T000000;");
        _fetcher.Policies["example.org"] = Policy.Replace("enforce", "testing");
        Assert.Equal(MtaStsMode.Testing, (await cache.GetAsync("example.org", CancellationToken.None))?.Mode);
        Assert.Equal(2, _fetcher.Fetches);
    }

    [Fact]
    public async Task A_cached_policy_survives_a_missing_txt_record_or_failed_fetch_until_max_age()
    {
        var (dns, table) = FakeDns.Create();
        table.Txt("_mta-sts.example.org", "v=STSv1; id=1;");
        _fetcher.Policies["example.org"] = Policy;
        var cache = new MtaStsPolicyCache(dns, _fetcher, _clock);
        await cache.GetAsync("example.org", CancellationToken.None);

        // An attacker strips the TXT record: the cached enforce policy still applies.
        table.Clear("_mta-sts.example.org", DnsClient.QueryType.TXT);
        _clock.Now += TimeSpan.FromMinutes(59);
        Assert.Equal(MtaStsMode.Enforce, (await cache.GetAsync("example.org", CancellationToken.None))?.Mode);

        // ... or changes the id and blocks the HTTPS fetch.
        table.Txt("_mta-sts.example.org", "v=STSv1; id=2;");
        _fetcher.Policies["example.org"] = null;
        Assert.Equal(MtaStsMode.Enforce, (await cache.GetAsync("example.org", CancellationToken.None))?.Mode);

        _clock.Now += TimeSpan.FromMinutes(2);
        table.Clear("_mta-sts.example.org", DnsClient.QueryType.TXT);
        Assert.Null(await cache.GetAsync("example.org", CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_policy_is_fetched_again_even_with_the_same_id()
    {
        var (dns, table) = FakeDns.Create();
        table.Txt("_mta-sts.example.org", "v=STSv1; id=1;");
        _fetcher.Policies["example.org"] = Policy;
        var cache = new MtaStsPolicyCache(dns, _fetcher, _clock);
        await cache.GetAsync("example.org", CancellationToken.None);
        _clock.Now += TimeSpan.FromHours(2);
        await cache.GetAsync("example.org", CancellationToken.None);
        Assert.Equal(2, _fetcher.Fetches);
    }

    [Fact]
    public async Task Two_sts_records_mean_no_policy()
    {
        var (dns, table) = FakeDns.Create();
        table.Txt("_mta-sts.example.org", "v=STSv1; id=1;").Txt("_mta-sts.example.org", "v=STSv1; id=2;");
        _fetcher.Policies["example.org"] = Policy;
        Assert.Null(await new MtaStsPolicyCache(dns, _fetcher, _clock).GetAsync("example.org", CancellationToken.None));
    }
}
