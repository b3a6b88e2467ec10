using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Grains.Patients;
using Portal.Messaging.Policy;
using Portal.Tests.Infrastructure;
using Portal.Tests.Messaging.Delivery;

namespace Portal.Tests.Grains.Delivery;

/// <summary>The policy's TLS method end to end: learnt from a real STARTTLS relay, or refused and turned into portal pickup.</summary>
public sealed class TlsDeliveryTests
{
    private const string Body = "The clinic closes at noon on Friday for staff training.";

    [Fact]
    public async Task A_domain_with_verified_tls_gets_the_whole_message_and_staff_see_the_tls_evidence()
    {
        using var certificate = DeliveryTestData.LocalhostCertificate();
        await using var relay = new TestSmtpServer(certificate);
        var caPath = Path.Combine(Path.GetTempPath(), $"relay-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caPath, certificate.ExportCertificatePem());
        var portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "localhost",
            ["Smtp:Port"] = relay.Port.ToString(),
            ["Smtp:Security"] = "StartTls",
            ["Delivery:TrustedCaCertificatePath"] = caPath,
        });
        await using var running = await portal.StartAsync();
        var patient = await portal.CreatePatientAsync();

        var id = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new NewSecureMessage("Office hours", Body, Sensitivity.None), await portal.TeamStaffActorAsync());

        Assert.True(await TestSmtpServer.EventuallyAsync(() => relay.Messages.Any(m => m.TextBody?.Contains(Body) == true), 20000));
        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.SecureMessages.AnyAsync(m => m.Id == id && m.DeliveryEvidence != null)), what: "the evidence");
        var message = await portal.QueryAsync(db => db.SecureMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(DeliveryMethod.Tls, message.DeliveryMethod);
        Assert.Matches(@"^Sent whole over verified TLS: TLS 1\.[23], TLS_\w+, to localhost$", message.DeliveryEvidence);
        var domain = await portal.QueryAsync(db => db.DomainTlsStatuses.SingleAsync(d => d.Domain == "example.test"));
        Assert.True(domain.Verified);

        var staff = portal.NewClient();
        await staff.SignInAsync(await portal.TeamStaffAsync());
        var page = await staff.GetPageAsync($"/staff/patients/{patient.Id}/threads/{id}");
        Assert.Contains("email over verified TLS", page);
        Assert.Contains("Sent whole over verified TLS", page);
        File.Delete(caPath);
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
        var message = await portal.QueryAsync(db => db.SecureMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(DeliveryMethod.PortalPickup, message.DeliveryMethod);
        Assert.StartsWith("Verified TLS could not be established", message.PolicyReason);
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
