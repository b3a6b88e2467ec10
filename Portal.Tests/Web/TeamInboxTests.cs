using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>The team inbox reads replies across a staff member's patients in one query, one audit entry per listing.</summary>
[Collection(PortalCollection.Name)]
public sealed class TeamInboxTests(PortalFactory portal)
{
    private IGrainFactory Grains => portal.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A staff member with two patients who have answered three times between them, oldest first.</summary>
    private async Task<(ProvisionedAccount Staff, List<(Guid PatientId, Guid ReplyId, string Subject)> Replies)> RepliesAsync()
    {
        var staff = await portal.CreateStaffAsync();
        var staffActor = new AuditActor(staff.Id, PortalRoles.Staff, null);
        var replies = new List<(Guid, Guid, string)>();
        var patients = new[] { await portal.CreatePatientAsync(careTeam: staff.Id), await portal.CreatePatientAsync(careTeam: staff.Id) };
        foreach (var (patient, round) in new[] { (patients[0], 1), (patients[1], 2), (patients[0], 3) })
        {
            var grain = Grains.GetGrain<IPatientGrain>(patient.Id);
            var subject = $"Question {round}";
            var opener = await grain.SendSecureMessageAsync(new NewSecureMessage(subject, "How are you?"), staffActor);
            var reply = await grain.ReplyAsync(opener, $"Answer {round}", new AuditActor(patient.Id, PortalRoles.Patient, null));
            replies.Add((patient.Id, reply, "Re: " + subject));
            await Task.Delay(5); // distinct sent times, so "newest first" is well defined
        }
        return (staff, replies);
    }

    [Fact]
    public async Task The_listing_is_one_query_with_one_audit_entry_newest_first()
    {
        var (staff, replies) = await RepliesAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var before = await db.AuditEntries.Where(e => e.ActorId == staff.Id).MaxAsync(e => (long?)e.Id) ?? 0;

        var page = await client.GetPageAsync("/staff/inbox");
        var subjects = Regex.Matches(page, "<a href=\"/staff/patients/[0-9a-f-]{36}/threads/[0-9a-f-]{36}\">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Re: Question 3", "Re: Question 2", "Re: Question 1"], subjects);
        Assert.Contains("3 unread", page);

        var written = await db.AuditEntries.Where(e => e.ActorId == staff.Id && e.Id > before).ToListAsync();
        var entry = Assert.Single(written);
        Assert.Equal(AuditActions.TeamInboxView, entry.Action);
        Assert.Equal(AuditOutcomes.Success, entry.Outcome);
    }

    [Fact]
    public async Task Pages_filters_unread_counts_and_assignment_work_together()
    {
        var (staff, replies) = await RepliesAsync();
        var actor = new AuditActor(staff.Id, PortalRoles.Staff, null);
        var inbox = portal.Services.GetRequiredService<TeamInbox>();

        var first = await inbox.ListAsync(actor, TeamInboxFilter.All, page: 1, pageSize: 2);
        var second = await inbox.ListAsync(actor, TeamInboxFilter.All, page: 2, pageSize: 2);
        Assert.Equal(["Re: Question 3", "Re: Question 2"], first.Items.Select(i => i.Subject));
        Assert.Equal(["Re: Question 1"], second.Items.Select(i => i.Subject));
        Assert.Equal((3, 3, 2), (first.Total, first.Unread, first.PageCount));

        // Reading a thread marks its reply read; assigning goes through the patient's grain as before.
        var (patientId, replyId, _) = replies[1];
        await Grains.GetGrain<IPatientGrain>(patientId).GetThreadAsync((await Grains.GetGrain<IPatientGrain>(patientId).OpenMessageAsync(replyId, actor))!.ThreadId, actor);
        Assert.True(await Grains.GetGrain<IPatientGrain>(replies[0].PatientId).AssignAsync(replies[0].ReplyId, staff.Id, actor));

        var unread = await inbox.ListAsync(actor, TeamInboxFilter.Unread);
        Assert.Equal(["Re: Question 3", "Re: Question 1"], unread.Items.Select(i => i.Subject));
        Assert.Equal(2, unread.Unread);
        var mine = await inbox.ListAsync(actor, TeamInboxFilter.AssignedToMe);
        Assert.Equal(replies[0].ReplyId, Assert.Single(mine.Items).MessageId);
        Assert.Equal(1, mine.AssignedToMe);
    }

    [Fact]
    public async Task Staff_see_no_replies_from_patients_outside_their_care_team()
    {
        await RepliesAsync();
        var stranger = await portal.CreateStaffAsync();
        var listing = await portal.Services.GetRequiredService<TeamInbox>().ListAsync(new AuditActor(stranger.Id, PortalRoles.Staff, null));
        Assert.Empty(listing.Items);
        Assert.Equal((0, 0), (listing.Total, listing.Unread));
    }
}
