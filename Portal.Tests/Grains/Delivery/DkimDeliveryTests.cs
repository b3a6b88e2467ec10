using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Patients;
using Portal.Messaging.Dkim;
using Portal.Messaging.Notifications;
using Portal.Tests.Infrastructure;
using Portal.Tests.Messaging.Delivery;
using Portal.Tests.Messaging.Protection;

namespace Portal.Tests.Grains.Delivery;

/// <summary>DKIM switched on along the real delivery path: outbox, delivery pool, <c>SmtpMailChannel</c>, SMTP.</summary>
public sealed class DkimDeliveryTests(DkimKeys keys) : IClassFixture<DkimKeys>, IAsyncLifetime
{
    private const string Domain = "portal.example.org";
    private readonly TestSmtpServer _server = new();
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["Smtp:Port"] = _server.Port.ToString(),
            ["Dkim:Domain"] = Domain,
            ["Dkim:Selector"] = "rsa2026",
            ["Dkim:PrivateKeyPath"] = keys.RsaPath,
            ["Dkim:Ed25519Selector"] = "ed2026",
            ["Dkim:Ed25519PrivateKeyPath"] = keys.Ed25519Path,
        });
        await ((IAsyncLifetime)_portal).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_portal).DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_notice_sent_through_the_delivery_pool_carries_signatures_mimekit_and_dkimpy_verify()
    {
        var patient = await _portal.CreatePatientAsync();
        await _portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
            .SendSecureMessageAsync(new NewSecureMessage("Results", "Your results are ready."), await _portal.TeamStaffActorAsync());

        Assert.True(await TestSmtpServer.EventuallyAsync(() => _server.Messages.Any(m => m.Subject == SecureMessageNotice.Subject), 20000), "no notice arrived");
        var notice = _server.Messages.First(m => m.Subject == SecureMessageNotice.Subject);
        var signer = _portal.Services.GetRequiredService<DkimSigner>();

        Assert.Equal([true, true], DkimVerifiers.MimeKit(notice, signer, Domain));
        var dkimpy = DkimVerifiers.Dkimpy(TestMessages.ToBytes(notice), signer, Domain);
        Assert.True(dkimpy.ExitCode == 0, dkimpy.ToString());
        Assert.Contains("rsa-sha256: pass", dkimpy.StdOut);
        Assert.Contains("ed25519-sha256: pass", dkimpy.StdOut);
    }
}
