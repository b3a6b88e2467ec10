using System.Net.Security;
using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;
using static Portal.Tests.Messaging.Delivery.DeliveryTestData;

namespace Portal.Tests.Messaging.Delivery;

public sealed class SecureDeliveryTests
{
    private static readonly MailboxAddress Sender = MailboxAddress.Parse("bounces@portal.test");
    private static readonly MailboxAddress[] Recipient = [MailboxAddress.Parse("patient@example.org")];

    private sealed class FixedRoute(params SmtpDestination[] destinations) : IDeliveryRoute
    {
        public Task<RouteResolution> ResolveAsync(string recipientDomain, CancellationToken cancellationToken) =>
            Task.FromResult(RouteResolution.Routed(destinations, "test"));
    }

    private static SmtpDestination Tls(int port) => new("localhost", port, SmtpSecurity.StartTls, "example.org");

    [Fact]
    public async Task When_no_mx_offers_starttls_nothing_is_sent_and_the_outcome_is_no_secure_route()
    {
        await using var first = new TestSmtpServer();
        await using var second = new TestSmtpServer();
        await using var pool = Pool();
        var delivery = new SecureDelivery(new FixedRoute(Tls(first.Port), Tls(second.Port)), pool);

        var outcome = await delivery.SendAsync(Message(1), Sender, Recipient, CancellationToken.None);

        Assert.Equal(DeliveryStatus.NoSecureRoute, outcome.Status);
        Assert.Empty(first.Messages);
        Assert.Empty(second.Messages);
        Assert.Equal(1, first.Sessions);
        Assert.Equal(1, second.Sessions);
    }

    [Fact]
    public async Task An_mx_without_tls_is_skipped_for_the_next_one_that_has_it()
    {
        using var certificate = LocalhostCertificate();
        await using var plain = new TestSmtpServer();
        await using var secure = new TestSmtpServer(certificate);
        await using var pool = Pool(validation: (_, presented, _, errors) =>
            presented?.GetCertHashString() == certificate.GetCertHashString()
            && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None);
        var delivery = new SecureDelivery(new FixedRoute(Tls(plain.Port), Tls(secure.Port)), pool);

        var outcome = await delivery.SendAsync(Message(1), Sender, Recipient, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Empty(plain.Messages);
        Assert.Single(secure.Messages);
    }

    [Fact]
    public async Task A_pooled_session_the_server_closed_while_idle_is_replaced_and_the_message_still_goes()
    {
        await using var server = new TestSmtpServer(commandTimeout: TimeSpan.FromMilliseconds(300));
        await using var pool = Pool();
        var delivery = new SecureDelivery(new FixedRoute(Loopback(server.Port)), pool);
        Assert.Equal(DeliveryStatus.Delivered, (await delivery.SendAsync(Message(1), Sender, Recipient, CancellationToken.None)).Status);
        Assert.True(await TestSmtpServer.EventuallyAsync(() => server.EndedSessions == 1), "the server should close the idle session");

        var outcome = await delivery.SendAsync(Message(2), Sender, Recipient, CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, outcome.Status);
        Assert.Equal(["n1", "n2"], server.Messages.Select(m => m.Subject).Order());
        Assert.Equal(2, server.Sessions);
    }

    [Fact]
    public async Task An_mx_that_is_down_makes_the_outcome_temporary_not_insecure()
    {
        await using var plain = new TestSmtpServer();
        await using var pool = Pool();
        var down = Tls(Infrastructure.FreePort.Next());
        var delivery = new SecureDelivery(new FixedRoute(Tls(plain.Port), down), pool);

        var outcome = await delivery.SendAsync(Message(1), Sender, Recipient, CancellationToken.None);

        Assert.Equal(DeliveryStatus.TemporaryFailure, outcome.Status);
    }

    [Fact]
    public async Task A_direct_route_to_an_mx_without_starttls_ends_in_no_secure_route()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 10, "localhost.");
        var route = new DirectRoute(dns, new MtaStsPolicyCache(dns, new FakePolicyFetcher())) { Port = server.Port };

        var outcome = await new SecureDelivery(route, pool).SendAsync(Message(1), Sender, Recipient, CancellationToken.None);

        Assert.Equal(DeliveryStatus.NoSecureRoute, outcome.Status);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Route_failures_become_outcomes_without_connecting()
    {
        await using var pool = Pool();
        var (dns, table) = FakeDns.Create();
        table.Mx("example.org", 10, "mx.attacker.example.").Txt("_mta-sts.example.org", "v=STSv1; id=1;")
            .Error("gone.example", DnsClient.DnsHeaderResponseCode.NotExistentDomain);
        var fetcher = new FakePolicyFetcher();
        fetcher.Policies["example.org"] = "version: STSv1\nmode: enforce\nmx: mx.example.org\nmax_age: 86400\n";
        var delivery = new SecureDelivery(new DirectRoute(dns, new MtaStsPolicyCache(dns, fetcher)), pool);

        var insecure = await delivery.SendAsync(Message(1), Sender, Recipient, CancellationToken.None);
        var missing = await delivery.SendAsync(Message(2), Sender, [MailboxAddress.Parse("x@gone.example")], CancellationToken.None);

        Assert.Equal(DeliveryStatus.NoSecureRoute, insecure.Status);
        Assert.Equal(DeliveryStatus.PermanentFailure, missing.Status);
        Assert.Equal("5.1.2", missing.EnhancedStatusCode);
    }

    [Fact]
    public async Task Recipients_of_different_domains_are_refused()
    {
        await using var pool = Pool();
        var delivery = new SecureDelivery(new FixedRoute(), pool);
        await Assert.ThrowsAsync<ArgumentException>(() => delivery.SendAsync(Message(1), Sender,
            [MailboxAddress.Parse("a@example.org"), MailboxAddress.Parse("b@example.net")], CancellationToken.None));
    }
}
