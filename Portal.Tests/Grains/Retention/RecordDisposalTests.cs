using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Forms;
using Portal.Data.Retention;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Grains.Retention;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;

namespace Portal.Tests.Grains.Retention;

/// <summary>
/// Messages, attachments and form submissions disposed of by rule through each patient's grains, on a portal of
/// its own (the job runs against everything in the database): whole conversations past their time go with their
/// attachments and notices, a conversation with a recent reply stays, a held patient keeps everything, and only
/// the product itself may ask a grain to dispose.
/// </summary>
public sealed class RecordDisposalTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly DateTime EightYearsAgo = DateTime.UtcNow.AddYears(-8);

    private IGrainFactory Grains => portal.Services.GetRequiredService<IGrainFactory>();

    private IDbContextFactory<PortalDbContext> Db => portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private async Task<(Guid Thread, Guid Reply)> ConversationAsync(Guid patient, string subject, bool withAttachment = false)
    {
        var staff = await portal.TeamStaffActorAsync();
        var grain = Grains.GetGrain<IPatientGrain>(patient);
        var opener = await grain.SendSecureMessageAsync(new NewSecureMessage(subject, "Please see the letter.",
            Attachments: withAttachment ? [new NewAttachment("letter.pdf", "application/pdf", TestFiles.Pdf("Letter"))] : null), staff);
        var reply = await grain.ReplyAsync(opener, "Thank you.", FormTestData.PatientActor(patient));
        return (opener, reply);
    }

    private async Task BackdateAsync(Guid messageId)
    {
        await using var db = await Db.CreateDbContextAsync();
        await db.SecureMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentUtc, EightYearsAgo));
        await db.MessageAttachments.Where(a => a.MessageId == messageId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedUtc, EightYearsAgo));
    }

    [Fact]
    public async Task Due_conversations_attachments_and_submissions_go_through_the_patients_grains_and_a_held_record_keeps_all()
    {
        var patient = (await portal.CreatePatientAsync("Olga Older", (await portal.TeamStaffAsync()).Id)).Id;
        var held = (await portal.CreatePatientAsync("Hilda Held", (await portal.TeamStaffAsync()).Id)).Id;

        // Old conversation: both messages eight years old. Mixed: an old opener (with an old attachment) and a reply
        // from today. The held patient's conversation is old too.
        var old = await ConversationAsync(patient, "Old results", withAttachment: true);
        await BackdateAsync(old.Thread);
        await BackdateAsync(old.Reply);
        var mixed = await ConversationAsync(patient, "Ongoing", withAttachment: true);
        await BackdateAsync(mixed.Thread);
        var heldConversation = await ConversationAsync(held, "Held results", withAttachment: true);
        await BackdateAsync(heldConversation.Thread);
        await BackdateAsync(heldConversation.Reply);

        var formId = await FormTestData.PublishIntakeAsync(portal);
        var oldAssignment = await FormTestData.AssignAsync(portal, patient, formId);
        var oldSubmission = await FormTestData.SubmitIntakeAsync(portal, patient, oldAssignment);
        var recentSubmission = await FormTestData.SubmitIntakeAsync(portal, patient, await FormTestData.AssignAsync(portal, patient, formId));
        var heldSubmission = await FormTestData.SubmitIntakeAsync(portal, held, await FormTestData.AssignAsync(portal, held, formId));
        var unattached = Guid.NewGuid();
        await using (var db = await Db.CreateDbContextAsync())
        {
            await db.FormSubmissions.Where(s => s.Id == oldSubmission || s.Id == heldSubmission)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.SubmittedUtc, EightYearsAgo));
            db.FormSubmissions.Add(new FormSubmissionRecord
            {
                Id = unattached, FormId = formId, FormVersion = 1, FormContentHash = "", SignedContentHash = "", SubmittedUtc = EightYearsAgo,
                RecordCipher = [1, 2, 3], WrappedKey = [4, 5, 6],
            });
            await db.SaveChangesAsync();
        }
        Assert.Null(await portal.Services.GetRequiredService<LegalHolds>().PlaceAsync(held, "Matter 2026-301", AuditActor.System));

        var certificates = await portal.Services.GetRequiredService<DisposalJob>().RunAsync(AuditActor.System);

        Assert.Equal(2, certificates.Single(c => c.Kind == RecordKind.Messages).Count);
        Assert.Equal(1, certificates.Single(c => c.Kind == RecordKind.Attachments).Count);
        Assert.Equal(2, certificates.Single(c => c.Kind == RecordKind.FormSubmissions).Count);
        var signed = portal.Services.GetRequiredService<DisposalCertificates>();
        Assert.All(certificates, c => Assert.True(signed.Verify(c)));

        await using (var db = await Db.CreateDbContextAsync())
        {
            var messages = await db.SecureMessages.AsNoTracking().Where(m => m.PatientId == patient || m.PatientId == held).Select(m => m.Id).ToListAsync();
            Assert.Equal(new HashSet<Guid> { mixed.Thread, mixed.Reply, heldConversation.Thread, heldConversation.Reply }, messages.ToHashSet());
            Assert.Equal(0, await db.MessageAttachments.CountAsync(a => a.PatientId == patient));
            Assert.Equal(1, await db.MessageAttachments.CountAsync(a => a.PatientId == held));
            Assert.Equal(0, await db.Outbox.CountAsync(o => o.ReferenceId == old.Thread));
            var submissions = await db.FormSubmissions.Where(s => s.PatientId == patient || s.PatientId == held || s.Id == unattached).Select(s => s.Id).ToListAsync();
            Assert.Equal(new HashSet<Guid> { recentSubmission, heldSubmission }, submissions.ToHashSet());
            Assert.False(await db.FormAssignments.AnyAsync(a => a.Id == oldAssignment));
        }
        // What the patient sees: the ongoing conversation only, its opener without the expired attachment.
        var inbox = await Grains.GetGrain<IPatientGrain>(patient).GetInboxAsync(FormTestData.PatientActor(patient));
        Assert.Equal([mixed.Reply, mixed.Thread], inbox.Select(i => i.MessageId));
        var forms = await Grains.GetGrain<IPatientFormsGrain>(patient).ListSubmissionsAsync(FormTestData.PatientActor(patient));
        Assert.Equal(recentSubmission, Assert.Single(forms).SubmissionId);

        // Nothing more is due: a second run writes no certificate for these kinds.
        Assert.DoesNotContain(await portal.Services.GetRequiredService<DisposalJob>().RunAsync(AuditActor.System),
            c => c.Kind is RecordKind.Messages or RecordKind.Attachments or RecordKind.FormSubmissions);
    }

    [Fact]
    public async Task Only_the_product_may_ask_a_grain_to_dispose_and_the_refusal_is_audited()
    {
        var patient = (await portal.CreatePatientAsync("Ada Asks")).Id;
        var admin = new AuditActor((await portal.CreateAccountAsync(PortalRoles.Admin)).Id, PortalRoles.Admin, "203.0.113.7");
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IPatientGrain>(patient).DisposeMessagesAsync(DateTime.UtcNow, admin));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IPatientGrain>(patient).DisposeAttachmentsAsync(DateTime.UtcNow, admin));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IPatientFormsGrain>(patient).DisposeSubmissionsAsync(DateTime.UtcNow, admin));
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.PatientId == patient && e.Action == AuditActions.RecordsDisposed && e.Outcome == AuditOutcomes.Denied));
    }
}
