using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Grains.Patients;
using Portal.Messaging.Delivery;
using Portal.Messaging.Policy;
using Portal.Tests.Infrastructure;
using Portal.Tests.Messaging.Delivery;
using Portal.Data.Delivery;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// The policy's TLS method end to end through a real STARTTLS relay: verified only when the relay
/// carries TLS onward and the recipient domain's own servers verify; otherwise portal pickup.
/// </summary>
public sealed class TlsDeliveryTests
{
    private const string Body = "The clinic closes at noon on Friday for staff training.";

    [Fact]
    public async Task Through_a_declared_relay_a_domain_whose_own_servers_verify_tls_gets_the_whole_message_and_staff_see_both_hops()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new TestSmtpServer(certificate);
        await using var recipientMx = new TestSmtpServer(certificate);
        var portal = RelayPortal(relay.Port, certificate, recipientMx.Port, declared: true);
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        await LearnDomainAsync(portal);
        var id = await SendAsync(portal, patient.Id, Sensitivity.None);

        Assert.True(await TestSmtpServer.EventuallyAsync(() => relay.Messages.Any(m => m.TextBody?.Contains(Body) == true), 20000));
        Assert.Empty(recipientMx.Messages);
        await DeliveryDb.EventuallyAsync(async () => await portal.OutcomeMethodAsync(id) is not null, what: "the evidence");
        var sentAs = await portal.SentAsAsync(id);
        Assert.Equal(DeliveryMethod.Tls, sentAs.Method);
        Assert.Matches(@"^Sent whole over verified TLS: TLS 1\.[23], TLS_\w+, to localhost$", sentAs.Evidence);
        var domain = await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"));
        Assert.True(domain.Verified);
        Assert.Matches(@"relay declared to verify TLS onward; recipient server: TLS 1\.[23], TLS_\w+, to localhost$", domain.Evidence);

        var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        var page = await staff.GetPageAsync($"/staff/patients/{patient.Id}/threads/{id}");
        Assert.Contains("email over verified TLS", page);
        Assert.Contains("Sent whole over verified TLS", page);
    }

    [Fact]
    public async Task Through_a_declared_relay_a_domain_whose_own_servers_take_mail_in_clear_gets_a_portal_notice()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new TestSmtpServer(certificate);
        await using var clearMx = new TestSmtpServer();
        var portal = RelayPortal(relay.Port, certificate, clearMx.Port, declared: true);
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        await LearnDomainAsync(portal);
        var id = await SendAsync(portal, patient.Id, Sensitivity.None);

        await AssertPortalNoticeAsync(portal, relay, id);
        var domain = await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"));
        Assert.False(domain.Verified);
        Assert.StartsWith("The recipient's own servers could not be verified: localhost does not offer", domain.Evidence);
    }

    [Fact]
    public async Task A_relay_with_verified_tls_that_neither_offers_requiretls_nor_is_declared_gets_only_a_portal_notice()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new TestSmtpServer(certificate);
        await using var recipientMx = new TestSmtpServer(certificate);
        var portal = RelayPortal(relay.Port, certificate, recipientMx.Port, declared: false);
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        await LearnDomainAsync(portal);
        var id = await SendAsync(portal, patient.Id, Sensitivity.None);

        await AssertPortalNoticeAsync(portal, relay, id);
        var domain = await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"));
        Assert.False(domain.Verified);
        Assert.StartsWith("The relay offers no REQUIRETLS and is not declared to verify TLS onward", domain.Evidence);
    }

    [Fact]
    public async Task A_relay_that_offers_requiretls_gets_the_whole_message_with_requiretls_on_mail_from_and_other_mail_without_it()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new RequireTlsRelay(certificate);
        await using var recipientMx = new TestSmtpServer(certificate);
        var portal = RelayPortal(relay.Port, certificate, recipientMx.Port, declared: false);
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        await LearnDomainAsync(portal);
        var id = await SendAsync(portal, patient.Id, Sensitivity.None);

        Assert.True(await TestSmtpServer.EventuallyAsync(() => relay.Messages.Any(m => m.Contains(Body)), 20000));
        await DeliveryDb.EventuallyAsync(async () => await portal.OutcomeMethodAsync(id) is not null, what: "the evidence");
        var sentAs = await portal.SentAsAsync(id);
        Assert.Equal(DeliveryMethod.Tls, sentAs.Method);
        Assert.EndsWith(", to localhost, with REQUIRETLS", sentAs.Evidence);
        var domain = await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"));
        Assert.Contains("relay offers REQUIRETLS; recipient server: TLS 1.", domain.Evidence);

        // A PHI message goes as a portal notice, which needs no REQUIRETLS promise.
        await SendAsync(portal, patient.Id, Sensitivity.Phi);
        Assert.True(await TestSmtpServer.EventuallyAsync(() => relay.Messages.Count == 2, 20000));
        var lines = relay.MailFromLines.ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.EndsWith(" REQUIRETLS", StringComparison.Ordinal));
        Assert.Contains(lines, l => !l.Contains("REQUIRETLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_message_to_an_unknown_domain_does_not_wait_for_its_probe_and_goes_to_the_portal()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new TestSmtpServer(certificate);
        // The recipient's mail server accepts the connection and never says a word: a probe waits its full 10 s.
        using var silentMx = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silentMx.Start();
        var portal = RelayPortal(relay.Port, certificate, ((System.Net.IPEndPoint)silentMx.LocalEndpoint).Port, declared: true);
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        var sending = System.Diagnostics.Stopwatch.StartNew();
        var id = await SendAsync(portal, patient.Id, Sensitivity.None);
        sending.Stop();

        Assert.True(sending.Elapsed < TimeSpan.FromSeconds(5), $"the send waited {sending.Elapsed} for the probe");
        await AssertPortalNoticeAsync(portal, relay, id);
        Assert.False(await portal.QueryAsync(db => db.DomainTlsStatuses.AnyAsync(d => d.Domain == "example.test")), "the probe had not finished yet");
        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.DomainTlsStatuses.AnyAsync(d => d.Domain == "example.test")), what: "the probe's answer");
        Assert.False((await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"))).Verified);
    }

    private static PortalFactory RelayPortal(int relayPort, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, int recipientMxPort, bool declared)
    {
        var caPath = Path.Combine(Path.GetTempPath(), $"relay-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(caPath, certificate.ExportCertificatePem());
        var (dns, table) = FakeDns.Create();
        table.Mx("example.test", 10, "localhost.");
        return PortalFactory.With(
            new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "localhost",
                ["Smtp:Port"] = relayPort.ToString(),
                ["Smtp:Security"] = "StartTls",
                ["Delivery:TrustedCaCertificatePath"] = caPath,
                ["Delivery:Relay:EnforcesVerifiedTls"] = declared ? "true" : "false",
            },
            services => services.AddSingleton(new DirectRoute(dns, new MtaStsPolicyCache(dns, new FakePolicyFetcher())) { Port = recipientMxPort }));
    }

    /// <summary>The product learns example.test's TLS the way it does for a real first message: asking says "not
    /// verified" at once and queues a probe, which runs in the background and is recorded.</summary>
    private static async Task LearnDomainAsync(PortalFactory portal)
    {
        Assert.False(await portal.Services.GetRequiredService<DomainTlsKnowledge>().IsVerifiedAsync("someone@example.test"));
        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.DomainTlsStatuses.AnyAsync(d => d.Domain == "example.test")), what: "the probe");
    }

    private static async Task<Guid> SendAsync(PortalFactory portal, Guid patientId, Sensitivity sensitivity) =>
        await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patientId)
            .SendSecureMessageAsync(new NewSecureMessage("Office hours", Body, sensitivity), await portal.TeamStaffActorAsync());

    private static async Task AssertPortalNoticeAsync(PortalFactory portal, TestSmtpServer relay, Guid id)
    {
        Assert.True(await TestSmtpServer.EventuallyAsync(() => relay.Messages.Any(m => m.TextBody?.Contains($"/messages/{id}") == true), 20000));
        Assert.DoesNotContain(relay.Messages, m => m.TextBody?.Contains(Body) == true);
        await DeliveryDb.EventuallyAsync(async () => (await portal.SentAsAsync(id)).Method == DeliveryMethod.PortalPickup, what: "portal pickup");
    }

    [Fact]
    public async Task Without_verified_tls_the_message_is_not_sent_in_clear_but_becomes_a_portal_notice_and_the_reason_is_kept()
    {
        var portal = new PortalFactory();
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();
        // What the product believed about the domain yesterday; the relay now offers no TLS at all.
        await portal.QueryAsync(async db =>
        {
            db.DomainTlsStatuses.Add(new DomainTlsStatus { Domain = "example.test", Verified = true, Evidence = "TLS 1.3", CheckedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var id = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new NewSecureMessage("Office hours", Body, Sensitivity.None), await portal.TeamStaffActorAsync());

        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Contains($"/messages/{id}", notice.TextBody);
        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.DeliveryEvents.AnyAsync(e => e.ReferenceId == id && e.Kind == DeliveryEventKind.Sent)), what: "the sent event");
        Assert.DoesNotContain(portal.Smtp.Messages, m => m.TextBody?.Contains(Body) == true);
        // The message keeps the grain's decision; the outbox row says what sending did instead.
        var message = await portal.QueryAsync(db => db.SecureMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(DeliveryMethod.Tls, message.DeliveryMethod);
        var sentAs = await portal.SentAsAsync(id);
        Assert.Equal(DeliveryMethod.PortalPickup, sentAs.Method);
        Assert.StartsWith("Verified TLS could not be established", sentAs.PolicyReason);
        var kinds = await portal.QueryAsync(db => db.DeliveryEvents.Where(e => e.ReferenceId == id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(DeliveryEventKind.FellBackToPortal, kinds);
    }

    [Fact]
    public async Task An_unreachable_relay_makes_the_portal_unready_with_a_reason_and_the_outbox_keeps_the_mail()
    {
        var portal = PortalFactory.With(new Dictionary<string, string?> { ["Smtp:Port"] = FreePort.Next().ToString() });
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();
        await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new NewSecureMessage("Results", "Your results are ready.", Sensitivity.Phi), await portal.TeamStaffActorAsync());

        var ready = await portal.NewClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Contains("delivery: Unhealthy: The relay is unreachable", text);
        Assert.Contains("held in the outbox", text);
        Assert.DoesNotContain(patient.Email, text);
        Assert.True(await portal.QueryAsync(db => db.Outbox.AnyAsync(r => r.RecipientId == patient.Id && r.SentUtc == null && r.FailedUtc == null)));
    }
}
