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
    private const string MarketingDomain = "news.example.org";
    private readonly TestSmtpServer _server = new();
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        // With the campaign settings too, so a campaign can go through the marketing pool of the same portal.
        _portal = PortalFactory.With(new Dictionary<string, string?>(Portal.Tests.Web.Campaigns.CampaignScenario.Settings())
        {
            ["Smtp:Port"] = _server.Port.ToString(),
            ["Dkim:Domain"] = Domain,
            ["Dkim:Selector"] = "rsa2026",
            ["Dkim:PrivateKeyPath"] = keys.RsaPath,
            ["Dkim:Ed25519Selector"] = "ed2026",
            ["Dkim:Ed25519PrivateKeyPath"] = keys.Ed25519Path,
            // The marketing pool signs with a domain and selector of its own, aligned with its From address.
            ["Delivery:Marketing:FromAddress"] = "news@mail." + MarketingDomain,
            ["Delivery:Marketing:Dkim:Domain"] = MarketingDomain,
            ["Delivery:Marketing:Dkim:Selector"] = "mk2026",
            ["Delivery:Marketing:Dkim:PrivateKeyPath"] = keys.RsaPath,
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

    [Fact]
    public async Task A_campaign_mail_is_signed_with_the_marketing_pools_own_domain_and_verifies_with_dkimpy()
    {
        var patient = await _portal.CreatePatientAsync();
        var segmentId = await Portal.Tests.Web.Campaigns.CampaignScenario.SegmentAsync(_portal, $"dk{Guid.NewGuid():N}"[..12], patient);
        var marketer = new Portal.Grains.Audit.AuditActor(Guid.NewGuid(), Portal.Grains.Identity.PortalRoles.Marketer, null);
        var campaign = _portal.Services.GetRequiredService<IGrainFactory>().GetGrain<Portal.Grains.Campaigns.ICampaignGrain>(Guid.NewGuid());
        Assert.True((await campaign.SaveDraftAsync(new Portal.Grains.Campaigns.CampaignDraft("Signed", Portal.Data.Campaigns.CampaignGoal.Awareness,
            Portal.Data.Campaigns.CampaignPurpose.CareCommunication, false, segmentId, "Clinic", "Flu clinics are open", "Book in two minutes",
            Portal.Tests.Web.Campaigns.CampaignScenario.Design()), marketer)).Succeeded);
        Assert.True((await campaign.LaunchAsync(marketer)).Succeeded);

        Assert.True(await TestSmtpServer.EventuallyAsync(() => _server.Messages.Any(m => m.To.Mailboxes.Any(a => a.Address == patient.Email)), 20000), "no campaign mail arrived");
        var mail = _server.Messages.First(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.NotNull(mail.HtmlBody);
        Assert.NotNull(mail.Headers["List-Unsubscribe"]);
        var signer = _portal.Services.GetRequiredService<DkimSigners>().For(mail)!;
        Assert.Equal(MarketingDomain, signer.Domain);
        Assert.Equal("news@mail." + MarketingDomain, mail.From.Mailboxes.Single().Address);
        Assert.Contains($"d={MarketingDomain}", mail.Headers[MimeKit.HeaderId.DkimSignature]);
        var dkimpy = DkimVerifiers.Dkimpy(TestMessages.ToBytes(mail), signer, MarketingDomain);
        Assert.True(dkimpy.ExitCode == 0, dkimpy.ToString());
        Assert.Contains("rsa-sha256: pass", dkimpy.StdOut);
        // List-Unsubscribe and List-Unsubscribe-Post are signed, so no hop can change where the unsubscribe goes.
        Assert.Contains("list-unsubscribe", mail.Headers[MimeKit.HeaderId.DkimSignature]!.ToLowerInvariant());
    }
}
