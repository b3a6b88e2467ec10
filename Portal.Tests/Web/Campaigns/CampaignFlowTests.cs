using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Data.Audience;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Grains.Audit;
using Portal.Grains.Campaigns;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Campaigns;

/// <summary>
/// A marketer's campaign over HTTP against the real product and a real SMTP server: checks block the launch until
/// fixed, the launch screen counts who is left out and why, a test send goes to a workforce address with the sample
/// patient, and the launched mail reaches only who may get it, with its footer, one-click unsubscribe and no patient
/// data in clear (the test SMTP server offers no TLS, so the copy without patient data is the one sent).
/// </summary>
public sealed class CampaignFlowTests : IAsyncLifetime
{
    private readonly PortalFactory portal = PortalFactory.With(CampaignScenario.Settings());

    public Task InitializeAsync() => portal.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)portal).DisposeAsync();

    [Fact]
    public async Task Only_marketers_open_campaigns()
    {
        foreach (var role in new[] { PortalRoles.Staff, PortalRoles.Patient })
        {
            using var client = portal.NewClient();
            await client.SignInAsync(role == PortalRoles.Patient ? await portal.CreatePatientAsync() : await portal.CreateAccountAsync(role));
            var response = await client.Http.GetAsync("/marketing/campaigns");
            Assert.Contains("/account/denied", response.Headers.Location!.OriginalString);
        }
        // Nor may a caller who is not a marketer change a campaign through its grain.
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(Guid.NewGuid());
        var draft = new CampaignDraft("x", CampaignGoal.Awareness, CampaignPurpose.Marketing, false, null, "", "", "", "{}");
        Assert.False((await grain.SaveDraftAsync(draft, new AuditActor(Guid.NewGuid(), PortalRoles.Staff, null))).Succeeded);
    }

    [Fact]
    public async Task A_marketer_fixes_the_checks_tests_launches_and_only_who_may_be_written_to_gets_the_mail()
    {
        var marker = $"cf{Guid.NewGuid():N}"[..12];
        var reached = await portal.CreatePatientAsync("Maria Lopez");
        var optedOut = await portal.CreatePatientAsync("Omar Optout");
        var complained = await portal.CreatePatientAsync("Carl Complaint");
        var bounced = await portal.CreatePatientAsync("Bea Bounce");
        var segmentId = await CampaignScenario.SegmentAsync(portal, marker, reached, optedOut, complained, bounced);
        await CampaignScenario.OptOutAsync(portal, optedOut, ContactPurpose.Education);
        await CampaignScenario.SuppressAsync(portal, complained, SuppressionReason.Complaint);
        await CampaignScenario.SuppressAsync(portal, bounced, SuppressionReason.HardBounce);

        var account = await portal.CreateAccountAsync(PortalRoles.Marketer);
        using var marketer = portal.NewClient();
        await marketer.SignInAsync(account);

        // The first draft names the patient in the subject: saved, but the checks refuse the launch.
        var saved = await marketer.PostFormAsync("/marketing/campaigns/new?handler=Save",
            CampaignScenario.Form(segmentId, "Post-visit survey", "{{ patient.first_name }}, how was your visit?"), "/marketing/campaigns/new");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = saved.Headers.Location!.OriginalString.Split('?')[0];
        var campaignId = Guid.Parse(page.Split('/').Last());
        var show = await marketer.GetPageAsync(page);
        Assert.Contains("Fix (subject):", show);
        Assert.Contains("is patient data", show);
        Assert.DoesNotContain("Launch to", show);
        var refused = await marketer.PostFormAsync($"{page}?handler=Launch", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(CampaignStatus.Draft, await StatusAsync(campaignId));

        var fixedUp = await marketer.PostFormAsync($"{page}/edit?handler=Save", CampaignScenario.Form(segmentId, "Post-visit survey", "How was your visit?"), $"{page}/edit");
        Assert.Equal(HttpStatusCode.Redirect, fixedUp.StatusCode);
        show = await marketer.GetPageAsync(page);
        Assert.Contains("Everything checks out.", show);
        Assert.Contains("Reaches 1 patient", show);
        Assert.Matches(@"Opted out of health education emails</td><td>1<", show);
        Assert.Matches(@"Address bounced</td><td>1<", show);
        Assert.Matches(@"Address suppressed after a complaint</td><td>1<", show);
        Assert.DoesNotContain("Maria", show);

        // A test send goes only to a workforce address, merged with the sample patient.
        var toPatient = await marketer.PostFormAsync($"{page}?handler=Test", new Dictionary<string, string> { ["TestAddress"] = reached.Email }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toPatient.StatusCode);
        var tested = await marketer.PostFormAsync($"{page}?handler=Test", new Dictionary<string, string> { ["TestAddress"] = account.Email }, page);
        Assert.Equal(HttpStatusCode.Redirect, tested.StatusCode);
        var test = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == account.Email));
        Assert.Equal("[Test] How was your visit?", test.Subject);
        Assert.Contains("Hello Alex,", test.TextBody);

        // The preview as a patient of the segment shows their name and is audited; someone outside it is refused.
        var preview = await marketer.PostFormAsync($"{page}?handler=Preview", new Dictionary<string, string> { ["PreviewAddress"] = reached.Email }, page);
        Assert.Contains("Hello Maria,", await preview.Content.ReadAsStringAsync());
        Assert.Contains("sandbox", preview.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CampaignPreviewed && e.PatientId == reached.Id && e.ActorId == account.Id)));
        var outsider = await marketer.PostFormAsync($"{page}?handler=Preview", new Dictionary<string, string> { ["PreviewAddress"] = account.Email }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outsider.StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CampaignPreviewed && e.Outcome == AuditOutcomes.NotFound && e.ActorId == account.Id)));

        var launched = await marketer.PostFormAsync($"{page}?handler=Launch", new Dictionary<string, string>(), page);
        Assert.Equal(HttpStatusCode.Redirect, launched.StatusCode);
        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == reached.Email));
        Assert.Equal("How was your visit?", mail.Subject);
        Assert.Equal("Riverside Clinic", mail.From.Mailboxes.Single().Name);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.StartsWith($"<{PortalFactory.PortalBaseUrl}/unsubscribe/", mail.Headers["List-Unsubscribe"]);
        Assert.Contains("12 River Road, Springfield", mail.HtmlBody);
        Assert.Contains($"href=\"{PortalFactory.PortalBaseUrl}/forms\"", mail.HtmlBody);
        Assert.Contains("Answer the survey: https://portal.test/forms", mail.TextBody);
        // No verified TLS to this server: the copy sent is merged without patient data.
        Assert.Contains("Hello there,", mail.TextBody);
        Assert.DoesNotContain("Maria", mail.TextBody + mail.HtmlBody);

        var progress = await WaitForAsync(campaignId, p => p.Sent == 1);
        Assert.Equal((CampaignStatus.Sent, 1, 0), (progress.Status, progress.Queued, progress.Waiting));
        var status = await marketer.Http.GetAsync($"{page}?handler=Status");
        Assert.Equal(1, JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("sent").GetInt32());
        Assert.Contains("Settled: <span id=\"campaign-percent\">100</span>%", await marketer.GetPageAsync(page));
        var row = await portal.QueryAsync(db => db.Campaigns.SingleAsync(c => c.Id == campaignId));
        Assert.Equal((1, 1, 1, 0, 1), (row.LeftOutOptedOut, row.LeftOutSuppressed, row.LeftOutBounced, row.LeftOutNoAuthorisation, row.QueuedCount));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CampaignLaunched && e.ActorId == account.Id)));

        // Once launched the content is frozen and a second launch changes nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.Http.GetAsync($"{page}/edit")).StatusCode);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(campaignId);
        var actor = new AuditActor(account.Id, PortalRoles.Marketer, null);
        Assert.False((await grain.LaunchAsync(actor)).Succeeded);
        await grain.QueueAsync();
        Assert.Equal(1, await portal.QueryAsync(db => db.Outbox.CountAsync(r => r.ReferenceId == row.ContentId)));
        await Task.Delay(500);
        foreach (var other in new[] { optedOut, complained, bounced })
            Assert.DoesNotContain(portal.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == other.Email));
    }

    [Fact]
    public async Task A_marketing_campaign_reaches_only_patients_who_signed_the_authorisation()
    {
        var marker = $"ma{Guid.NewGuid():N}"[..12];
        var patients = new[] { await portal.CreatePatientAsync(), await portal.CreatePatientAsync() };
        var segmentId = await CampaignScenario.SegmentAsync(portal, marker, patients);
        var campaignId = Guid.NewGuid();
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(campaignId);
        var form = CampaignScenario.Form(segmentId, "New clinic", "A new clinic near you", "Marketing");
        var draft = new CampaignDraft(form["Form.Name"], CampaignGoal.NewPatients, CampaignPurpose.Marketing, PaidByThirdParty: true, segmentId,
            "Riverside Clinic", form["Form.Subject"], "", "{}");
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        Assert.True((await grain.SaveDraftAsync(draft, marketer)).Succeeded);
        var estimate = await portal.Services.GetRequiredService<CampaignDirectory>().EstimateAsync(campaignId);
        Assert.Equal((0, 2), (estimate!.Reached, estimate.LeftOut.NoAuthorisation));
        // A third party's campaign is marketing, whatever the marketer picks.
        Assert.Contains("third party", (await grain.SaveDraftAsync(draft with { Purpose = CampaignPurpose.CareCommunication }, marketer)).Problem);
    }

    [Fact]
    public async Task A_campaign_whose_process_died_while_queuing_is_queued_once_at_the_next_start()
    {
        var patients = new[] { await portal.CreatePatientAsync(), await portal.CreatePatientAsync() };
        var segmentId = await CampaignScenario.SegmentAsync(portal, $"rq{Guid.NewGuid():N}"[..12], patients);
        var campaignId = Guid.NewGuid();
        var form = CampaignScenario.Form(segmentId, "Interrupted", "How was your visit?");
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(campaignId);
        Assert.True((await grain.SaveDraftAsync(new CampaignDraft("Interrupted", CampaignGoal.Awareness, CampaignPurpose.CareCommunication, false, segmentId, "Clinic", "Hi", "", "{}"), marketer)).Succeeded);
        // What a launch leaves behind when the process dies before its queuing turn commits: the status, no rows.
        await portal.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Queuing)));

        for (var start = 0; start < 2; start++)
        {
            using var resumer = ActivatorUtilities.CreateInstance<CampaignResumer>(portal.Services);
            await resumer.StartAsync(CancellationToken.None);
            await resumer.ExecuteTask!;
        }
        var row = await portal.QueryAsync(db => db.Campaigns.SingleAsync(c => c.Id == campaignId));
        Assert.Equal((CampaignStatus.Sending, 2), (row.Status, row.QueuedCount));
        Assert.Equal(2, await portal.QueryAsync(db => db.Outbox.CountAsync(r => r.ReferenceId == row.ContentId)));
    }

    [Fact]
    public async Task A_scheduled_campaign_waits_for_each_patients_local_time_and_marketing_respects_the_weekly_cap()
    {
        var tokyo = await portal.CreatePatientAsync();
        var nowhere = await portal.CreatePatientAsync();
        var marker = $"sc{Guid.NewGuid():N}"[..12];
        var segmentId = await CampaignScenario.SegmentAsync(portal, marker, tokyo, nowhere);
        var staff = await portal.TeamStaffActorAsync();
        Assert.Null(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<Portal.Grains.Audience.IPatientProfileGrain>(tokyo.Id)
            .UpdateProfileAsync(null, new Portal.Grains.Audience.ProfileDetails { Tags = [marker], TimeZone = "Asia/Tokyo" }, staff));
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var design = CampaignScenario.Design();
        var day = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");

        var past = new CampaignDraft("Past", CampaignGoal.Awareness, CampaignPurpose.CareCommunication, false, segmentId, "Clinic", "Hi", "", design, CampaignSchedule.At, "2020-01-01T10:00");
        var lints = portal.Services.GetRequiredService<CampaignChecks>().Check(past);
        Assert.Contains(lints, l => l.Where == "when" && l.Message.Contains("in the past"));

        var localTime = Guid.NewGuid();
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(localTime);
        Assert.True((await grain.SaveDraftAsync(past with { Name = "Local nine", Schedule = CampaignSchedule.LocalTime, SendAtLocal = $"{day}T09:00" }, marketer)).Succeeded);
        Assert.True((await grain.LaunchAsync(marketer)).Succeeded);
        var content = await WaitForContentAsync(localTime);
        var rows = await portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == content).ToDictionaryAsync(r => r.RecipientId, r => r.NextAttemptUtc));
        var nine = DateTime.SpecifyKind(DateTime.Parse($"{day}T09:00", System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Unspecified);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(nine, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")), rows[tokyo.Id]);
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(nine, TimeZoneInfo.Utc), rows[nowhere.Id]); // the organisation's zone (UTC here)
        await Task.Delay(1000);
        Assert.DoesNotContain(portal.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == tokyo.Email || a.Address == nowhere.Email));

        // Marketing: three marketing campaigns waiting for the same patients fill the week; a fourth leaves them out.
        foreach (var patient in new[] { tokyo, nowhere })
            await CampaignScenario.AuthoriseMarketingAsync(portal, patient);
        for (var i = 0; i < 3; i++)
        {
            var week = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(Guid.NewGuid());
            Assert.True((await week.SaveDraftAsync(past with { Name = $"Offer {i}", Purpose = CampaignPurpose.Marketing, Schedule = CampaignSchedule.At, SendAtLocal = $"{day}T10:00" }, marketer)).Succeeded);
            var launched = await week.LaunchAsync(marketer);
            Assert.True(launched.Succeeded, launched.Problem);
            await WaitForContentAsync(week.GetPrimaryKey());
        }
        var fourth = Guid.NewGuid();
        Assert.True((await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(fourth)
            .SaveDraftAsync(past with { Name = "Offer 4", Purpose = CampaignPurpose.Marketing, Schedule = CampaignSchedule.Now }, marketer)).Succeeded);
        var estimate = await portal.Services.GetRequiredService<CampaignDirectory>().EstimateAsync(fourth);
        Assert.Equal((0, 2), (estimate!.Reached, estimate.LeftOut.FrequencyCap));
    }

    [Fact]
    public async Task A_holdout_group_is_kept_unsent_and_recorded_and_the_rest_is_queued()
    {
        var patients = new List<Portal.Web.Infrastructure.ProvisionedAccount>();
        for (var i = 0; i < 6; i++) patients.Add(await portal.CreatePatientAsync());
        var segmentId = await CampaignScenario.SegmentAsync(portal, $"ho{Guid.NewGuid():N}"[..12], [.. patients]);
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var id = Guid.NewGuid();
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(id);
        var draft = new CampaignDraft("Lift", CampaignGoal.Adherence, CampaignPurpose.CareCommunication, false, segmentId, "Clinic", "Your refill", "", CampaignScenario.Design(), HoldoutPercent: 50);
        Assert.Contains("holdout", (await grain.SaveDraftAsync(draft with { HoldoutPercent = 80 }, marketer)).Problem);
        Assert.True((await grain.SaveDraftAsync(draft, marketer)).Succeeded);
        Assert.True((await grain.LaunchAsync(marketer)).Succeeded);
        var content = await WaitForContentAsync(id);

        var queued = await portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == content).Select(r => r.RecipientId).ToListAsync());
        var heldOut = await portal.QueryAsync(db => db.CampaignHoldouts.Where(h => h.CampaignId == id).Select(h => h.PatientId).ToListAsync());
        Assert.Equal((3, 3), (queued.Count, heldOut.Count));
        Assert.Empty(queued.Intersect(heldOut));
        Assert.Equal(patients.Select(p => p.Id).Order(), queued.Concat(heldOut).Order());
        Assert.Equal(3, (await grain.GetAsync())!.HeldOut);
        await Task.Delay(1000);
        foreach (var patient in patients.Where(p => heldOut.Contains(p.Id)))
            Assert.DoesNotContain(portal.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
    }

    private async Task<Guid> WaitForContentAsync(Guid campaignId)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await portal.QueryAsync(db => db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ContentId).SingleAsync()) is { } content) return content;
            await Task.Delay(100);
        }
        throw new TimeoutException("the campaign was never queued");
    }

    private Task<CampaignStatus> StatusAsync(Guid id) => portal.QueryAsync(db => db.Campaigns.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    private async Task<CampaignProgress> WaitForAsync(Guid campaignId, Func<CampaignProgress, bool> done)
    {
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<ICampaignGrain>(campaignId);
        for (var i = 0; i < 100; i++)
        {
            if (await grain.GetProgressAsync() is { } progress && done(progress)) return progress;
            await Task.Delay(100);
        }
        return (await grain.GetProgressAsync())!;
    }
}
