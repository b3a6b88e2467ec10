using DnsClient;
using Microsoft.Extensions.Options;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;

namespace Portal.Tests.Messaging.Delivery;

public sealed class RouteTests
{
    private readonly FakePolicyFetcher _fetcher = new();

    private DirectRoute Route(ILookupClient dns) => new(dns, new MtaStsPolicyCache(dns, _fetcher), new Random(1));

    [Fact]
    public async Task Mx_hosts_are_tried_by_preference_on_port_25_with_starttls_required()
    {
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 20, "backup.example.org.").Mx("example.org", 5, "mx1.example.org.").Mx("example.org", 10, "MX2.example.org.");

        var route = await Route(dns).ResolveAsync("Example.org", CancellationToken.None);

        Assert.Equal(RouteStatus.Routed, route.Status);
        Assert.Equal(["mx1.example.org", "mx2.example.org", "backup.example.org"], route.Destinations.Select(d => d.Host));
        Assert.All(route.Destinations, d =>
        {
            Assert.Equal(25, d.Port);
            Assert.Equal(SmtpSecurity.StartTls, d.Security);
            Assert.Equal("example.org", d.Domain);
        });
        Assert.Null(route.MtaStsMode);
    }

    [Fact]
    public async Task Without_mx_the_domain_itself_is_used_when_it_has_an_address()
    {
        var (dns, table) = FakeDns.Create();
        table.A("example.org", "192.0.2.10");
        var route = await Route(dns).ResolveAsync("example.org", CancellationToken.None);
        Assert.Equal(RouteStatus.Routed, route.Status);
        Assert.Equal("example.org", Assert.Single(route.Destinations).Host);
    }

    [Fact]
    public async Task Without_mx_or_address_there_is_no_route()
    {
        var (dns, _) = FakeDns.Create();
        Assert.Equal(RouteStatus.NoRoute, (await Route(dns).ResolveAsync("example.org", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_has_no_route()
    {
        var (dns, table) = FakeDns.Create();
        table.Error("nowhere.example", DnsHeaderResponseCode.NotExistentDomain);
        Assert.Equal(RouteStatus.NoRoute, (await Route(dns).ResolveAsync("nowhere.example", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_null_mx_means_the_domain_takes_no_mail()
    {
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 0, ".").A("example.org", "192.0.2.10");
        Assert.Equal(RouteStatus.NoRoute, (await Route(dns).ResolveAsync("example.org", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_dns_server_failure_is_temporary()
    {
        var (dns, table) = FakeDns.Create();
        table.Error("example.org", DnsHeaderResponseCode.ServerFailure);
        Assert.Equal(RouteStatus.TemporaryFailure, (await Route(dns).ResolveAsync("example.org", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_enforced_mta_sts_policy_keeps_only_the_mx_hosts_it_lists()
    {
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 10, "mx1.example.org.").Mx("example.org", 20, "rogue.attacker.example.")
            .Txt("_mta-sts.example.org", "v=STSv1; id=1;");
        _fetcher.Policies["example.org"] = "version: STSv1\nmode: enforce\nmx: *.example.org\nmax_age: 86400\n";

        var route = await Route(dns).ResolveAsync("example.org", CancellationToken.None);

        Assert.Equal(RouteStatus.Routed, route.Status);
        Assert.Equal(MtaStsMode.Enforce, route.MtaStsMode);
        Assert.Equal("mx1.example.org", Assert.Single(route.Destinations).Host);
    }

    [Fact]
    public async Task An_enforced_policy_that_lists_none_of_the_mx_hosts_means_no_secure_route()
    {
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 10, "mx.attacker.example.").Txt("_mta-sts.example.org", "v=STSv1; id=1;");
        _fetcher.Policies["example.org"] = "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n";

        var route = await Route(dns).ResolveAsync("example.org", CancellationToken.None);

        Assert.Equal(RouteStatus.NoSecureRoute, route.Status);
        Assert.Empty(route.Destinations);
    }

    [Fact]
    public async Task A_testing_policy_does_not_remove_hosts()
    {
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 10, "mx.other.example.").Txt("_mta-sts.example.org", "v=STSv1; id=1;");
        _fetcher.Policies["example.org"] = "version: STSv1\nmode: testing\nmx: mx.example.org\nmax_age: 86400\n";

        var route = await Route(dns).ResolveAsync("example.org", CancellationToken.None);

        Assert.Equal(RouteStatus.Routed, route.Status);
        Assert.Equal(MtaStsMode.Testing, route.MtaStsMode);
        Assert.Single(route.Destinations);
    }

    [Fact]
    public async Task The_relay_route_sends_everything_to_the_smart_host_with_its_account()
    {
        var relay = new RelayRoute(Options.Create(new RelayOptions { Host = "smtp.relay.example", Port = 587, UserName = "portal", Password = "secret" }));

        var route = await relay.ResolveAsync("anywhere.example", CancellationToken.None);

        var destination = Assert.Single(route.Destinations);
        Assert.Equal(("smtp.relay.example", 587, SmtpSecurity.StartTls, "smtp.relay.example"), (destination.Host, destination.Port, destination.Security, destination.Domain));
        Assert.Equal("portal", destination.Credentials?.UserName);
        Assert.Equal("secret", destination.Credentials?.Password);
    }

    [Fact]
    public void Relay_options_refuse_clear_text_to_a_remote_relay()
    {
        var options = new RelayOptions { Host = "smtp.relay.example", Security = SmtpSecurity.None };
        Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        options.Host = "127.0.0.1";
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }
}
