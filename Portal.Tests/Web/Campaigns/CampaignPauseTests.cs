using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Data.Campaigns;
using Portal.Grains.Audit;
using Portal.Grains.Campaigns;
using Portal.Grains.Delivery;
using Portal.Grains.Identity;
using Portal.Messaging.Delivery;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web.Campaigns;

/// <summary>
/// Pause, resume and cancel while a campaign sends. The receiving side is held (a slow server, which the real SMTP
/// capture cannot be), so one mail is in flight while the rest wait: pausing parks every waiting row, nothing more
/// leaves until resumed, and cancelling settles the waiting rows as not sent. Only what was in flight arrives.
/// </summary>
public sealed class CampaignPauseTests : IAsyncLifetime
{
    private readonly PortalFactory portal = PortalFactory.With(
        new Dictionary<string, string?>(CampaignScenario.Settings()) { ["Outbox:BatchSize"] = "1", ["Delivery:Workers"] = "1", ["Delivery:Marketing:Workers"] = "1" },
        services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IMailChannel));
            services.Remove(original);
            services.AddSingleton<HeldCampaignMail>();
            services.AddSingleton<IMailChannel>(sp => new HeldChannel((IMailChannel)original.ImplementationFactory!(sp), sp.GetRequiredService<HeldCampaignMail>()));
        });

    private static readonly AuditActor Marketer = new(Guid.NewGuid(), PortalRoles.Marketer, null);

    public Task InitializeAsync() => portal.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)portal).DisposeAsync();

    [Fact]
    public async Task Pausing_parks_what_waits_resuming_sends_it_and_cancelling_settles_it_as_not_sent()
    {
        var held = portal.Services.GetRequiredService<HeldCampaignMail>();
        var patients = new List<ProvisionedAccount>();
        for (var i = 0; i < 4; i++) patients.Add(await portal.CreatePatientAsync($"Pat{i} Tester"));
        var segmentId = await CampaignScenario.SegmentAsync(portal, $"pa{Guid.NewGuid():N}"[..12], [.. patients]);

        var paused = await LaunchAsync(segmentId, held);
        var grain = Grain(paused);
        Assert.True((await grain.PauseAsync(Marketer)).Succeeded);
        Assert.Equal(3, await ParkedAsync(paused));
        held.Release();
        await WaitAsync(paused, p => p.Sent == 1);
        await Task.Delay(1500); // a worker polling meanwhile finds nothing to lease
        Assert.Equal((1, 3), await SentAndParkedAsync(paused));
        Assert.False((await grain.PauseAsync(Marketer)).Succeeded);
        // One of the patients still waiting opts out meanwhile: their copy is not sent.
        var waiting = await portal.QueryAsync(async db =>
        {
            var contentId = await db.Campaigns.Where(c => c.Id == paused).Select(c => c.ContentId).SingleAsync();
            return await db.Outbox.Where(r => r.ReferenceId == contentId && r.SentUtc == null).Select(r => r.RecipientId).FirstAsync();
        });
        var leaving = patients.Single(p => p.Id == waiting);
        await CampaignScenario.OptOutAsync(portal, leaving, Portal.Data.Audience.ContactPurpose.Education);
        Assert.True((await grain.ResumeAsync(Marketer)).Succeeded);
        var resumed = await WaitAsync(paused, p => p.Sent + p.NotSent == 4);
        Assert.Equal((3, 1, 0, 100), (resumed.Sent, resumed.NotSent, resumed.Waiting, resumed.PercentDone));
        foreach (var patient in patients)
            Assert.Equal(patient == leaving ? 0 : 1, portal.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == patient.Email)));

        held.Hold();
        var cancelled = await LaunchAsync(segmentId, held);
        Assert.True((await Grain(cancelled).CancelAsync(Marketer)).Succeeded);
        held.Release();
        // The patient who opted out is left out at this launch: three queued, one in flight, two never sent.
        var settled = await WaitAsync(cancelled, p => p.Sent + p.NotSent == 3);
        Assert.Equal((CampaignStatus.Cancelled, 3, 1, 2, 100), (settled.Status, settled.Queued, settled.Sent, settled.NotSent, settled.PercentDone));
        Assert.False((await Grain(cancelled).ResumeAsync(Marketer)).Succeeded);
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CampaignCancelled && e.TargetId == cancelled.ToString())));
    }

    private ICampaignGrain Grain(Guid id) => portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(id);

    // Launches a campaign to the segment and returns once one of its mails is held in flight.
    private async Task<Guid> LaunchAsync(Guid segmentId, HeldCampaignMail held)
    {
        var id = Guid.NewGuid();
        var form = CampaignScenario.Form(segmentId, $"Survey {id:N}"[..20], "How was your visit?");
        var design = new Portal.Messaging.Campaigns.CampaignDesign
        {
            Blocks = [new() { Kind = Portal.Messaging.Campaigns.BlockKind.Text, Text = "Hello" }, new() { Kind = Portal.Messaging.Campaigns.BlockKind.Button, Text = "Go", Url = "/forms", Action = Portal.Messaging.Campaigns.CallToAction.FillFormOrSurvey }],
        };
        var draft = new CampaignDraft(form["Form.Name"], CampaignGoal.SurveyResponses, CampaignPurpose.CareCommunication, false, segmentId, "Clinic", form["Form.Subject"], "", design.ToJson());
        Assert.True((await Grain(id).SaveDraftAsync(draft, Marketer)).Succeeded);
        var launched = await Grain(id).LaunchAsync(Marketer);
        Assert.True(launched.Succeeded, launched.Problem);
        await held.InFlight.WaitAsync(TimeSpan.FromSeconds(20));
        return id;
    }

    private Task<int> ParkedAsync(Guid campaignId) => portal.QueryAsync(async db =>
    {
        var contentId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ContentId).SingleAsync();
        return await db.Outbox.CountAsync(r => r.ReferenceId == contentId && r.NextAttemptUtc == CampaignGrain.PausedUntil);
    });

    private async Task<(int Sent, int Parked)> SentAndParkedAsync(Guid campaignId) => ((await Grain(campaignId).GetProgressAsync())!.Sent, await ParkedAsync(campaignId));

    private async Task<CampaignProgress> WaitAsync(Guid campaignId, Func<CampaignProgress, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await Grain(campaignId).GetProgressAsync() is { } progress && done(progress)) return progress;
            await Task.Delay(100);
        }
        return (await Grain(campaignId).GetProgressAsync())!;
    }
}

/// <summary>Holds campaign mail (mail with List-Unsubscribe) at the receiving side until released; other mail passes.</summary>
public sealed class HeldCampaignMail
{
    private volatile TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource _inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held mail is waiting.</summary>
    public Task InFlight => _inFlight.Task;

    public Task WaitAsync()
    {
        _inFlight.TrySetResult();
        return _release.Task;
    }

    public void Release() => _release.TrySetResult();

    public void Hold()
    {
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal sealed class HeldChannel(IMailChannel inner, HeldCampaignMail held) : IMailChannel
{
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, MailboxAddress sender, MailboxAddress recipient, bool requireVerifiedTls, CancellationToken cancellationToken)
    {
        if (message.Headers.Contains("List-Unsubscribe")) await held.WaitAsync().WaitAsync(cancellationToken);
        return await inner.SendAsync(message, sender, recipient, requireVerifiedTls, cancellationToken);
    }

    public Task<TlsProbeResult> ProbeTlsAsync(string domain, CancellationToken cancellationToken) => inner.ProbeTlsAsync(domain, cancellationToken);

    public Task<(bool Reachable, string Reason)> CheckReachableAsync(CancellationToken cancellationToken) => inner.CheckReachableAsync(cancellationToken);
}
