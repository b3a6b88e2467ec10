using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Answers;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Data.Upgrade;

/// <summary>Runs only when <c>PORTAL_WRITE_UPGRADE_FIXTURE</c> names a folder: the fixture is written once, by the code of
/// its day, and then kept; rewriting it with today's code would prove nothing about upgrades.</summary>
public sealed class WritesUpgradeFixtureAttribute : FactAttribute
{
    public const string Variable = "PORTAL_WRITE_UPGRADE_FIXTURE";

    public WritesUpgradeFixtureAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"writes the upgrade fixture; set {Variable} to a folder to run it";
    }
}

/// <summary>Fills a database through the product's own grains and services with every kind of protected record: an
/// encrypted message with an attachment and the patient's reply with one, a recalled message, a sealed form submission
/// with an encrypted upload, an anonymous public submission with its own key, and an erased (crypto-shredded) patient.</summary>
public sealed class UpgradeFixtureWriter
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nLab result: HbA1c 7.2%\n%%EOF\n");

    [WritesUpgradeFixture]
    public async Task Write_the_upgrade_fixture()
    {
        var folder = Path.GetFullPath(Environment.GetEnvironmentVariable(WritesUpgradeFixtureAttribute.Variable)!);
        Directory.CreateDirectory(folder);
        var kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["Encryption:KeyEncryptionKey"] = kek,
            ["PublicForms:MinimumFillTime"] = "00:00:00",
        });
        await ((IAsyncLifetime)portal).InitializeAsync();
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        var staffAccount = await portal.TeamStaffAsync();
        var staff = await portal.TeamStaffActorAsync();

        const string name = "Ana Müller-Øberg";
        var patientAccount = await portal.CreatePatientAsync(name);
        var patientActor = new AuditActor(patientAccount.Id, PortalRoles.Patient, "203.0.113.7");
        var inbox = grains.GetGrain<IPatientGrain>(patientAccount.Id);

        var png = Portal.Tests.Forms.TestPng.Signature(120, 40);
        var message = new NewSecureMessage("Your results from 2 December", "Your HbA1c is 7.2%. Please book a follow-up.",
            Attachments: [new NewAttachment("results.pdf", "application/pdf", Pdf)]);
        var messageId = await inbox.SendSecureMessageAsync(message, staff);
        var sent = await inbox.OpenMessageAsync(messageId, patientActor);
        const string replyBody = "Thank you, here is my glucose diary.";
        var replyId = await inbox.ReplyAsync(sent!.ThreadId, replyBody, patientActor, [new NewAttachment("diary.png", "image/png", png)]);
        var reply = await inbox.OpenMessageAsync(replyId, staff);
        var recalledId = await inbox.SendSecureMessageAsync(new NewSecureMessage("Sent in error", "Please ignore this message."), staff);
        Assert.True(await inbox.RecallAsync(recalledId, staff));

        var formId = await FormTestData.PublishUploadFormAsync(portal);
        var assignmentId = await FormTestData.AssignAsync(portal, patientAccount.Id, formId, days: 3650);
        var forms = grains.GetGrain<IPatientFormsGrain>(patientAccount.Id);
        var upload = await forms.StoreFileAsync(assignmentId, "letter", "referral.pdf", Pdf, patientActor);
        var submitted = await forms.SubmitAsync(assignmentId, SubmissionSeal.Serialize(new FormAnswers()
            .Set("letter", upload!.Answer!)
            .Set("note", new TextAnswer("Referred for diabetes review"))), patientActor);
        Assert.True(submitted!.Succeeded, string.Join("; ", submitted.Problems));
        var submission = await forms.GetSubmissionAsync(submitted.SubmissionId!.Value, patientActor);

        var publicForms = portal.Services.GetRequiredService<PublicForms>();
        var token = await PublicFormUploadTests.PublishDocumentsFormAsync(portal);
        var (linkId, publicForm) = (await publicForms.FindAsync(token))!.Value;
        var session = publicForms.NewSession();
        var card = await portal.Services.GetRequiredService<PublicFormFiles>()
            .StoreAsync(linkId, publicForm.Definition, session, "card", "insurance-card.png", png, "198.51.100.4");
        var publicSubmitted = await publicForms.SubmitAsync(token, new FormAnswers()
            .Set("name", new TextAnswer("Bo Lindqvist"))
            .Set("card", card!.Answer!), "198.51.100.4", Guid.NewGuid().ToString("N"), session);
        Assert.True(publicSubmitted!.Succeeded, string.Join("; ", publicSubmitted.Problems));
        var publicSubmission = await publicForms.OpenUnattachedAsync(publicSubmitted.SubmissionId!.Value, staff);

        var erased = await portal.CreatePatientAsync("Erin Erase");
        var erasedInbox = grains.GetGrain<IPatientGrain>(erased.Id);
        var erasedMessageId = await erasedInbox.SendSecureMessageAsync(new NewSecureMessage("Scan booked", "Your MRI is on Friday."), staff);
        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        Assert.True(await erasedInbox.EraseRecordAsync(new AuditActor(admin.Id, PortalRoles.Admin, "127.0.0.1")));

        // One self-contained file: VACUUM INTO folds the write-ahead log in.
        var target = Path.Combine(folder, "portal.db");
        File.Delete(target);
        await using (var connection = new SqliteConnection($"Data Source={portal.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.Parameters.AddWithValue("$target", target);
            await vacuum.ExecuteNonQueryAsync();
        }

        new UpgradeFixture(
            kek,
            Account(staffAccount),
            Account(patientAccount),
            name,
            new FixtureMessage(messageId, message.Subject, message.Body, sent.Attachments.Single().AttachmentId, "results.pdf", UpgradeFixture.Sha256(Pdf)),
            new FixtureMessage(replyId, reply!.Subject, replyBody, reply.Attachments.Single().AttachmentId, "diary.png", UpgradeFixture.Sha256(png)),
            recalledId,
            assignmentId,
            submission!.SubmissionId,
            submission.SignedContentHash,
            UpgradeFixture.Sha256(Pdf),
            publicSubmission!.SubmissionId,
            publicSubmission.SignedContentHash,
            UpgradeFixture.Sha256(png),
            erased.Id,
            erasedMessageId).Save(folder);
        await ((IAsyncLifetime)portal).DisposeAsync();
    }

    private static FixtureAccount Account(ProvisionedAccount account) => new(account.Id, account.Email, account.Password, account.TotpSecret);
}
