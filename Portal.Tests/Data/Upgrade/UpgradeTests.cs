using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data.Patients;

namespace Portal.Tests.Data.Upgrade;

/// <summary>
/// A database written by an earlier release (the writer at commit 6b8837e (see <c>Fixture/README.md</c>), kept in <c>Fixture/</c>) opens with
/// today's code: migrations apply on top of it, the accounts still sign in, every PHI value still decrypts and every
/// seal still verifies, and what was recalled or erased stays so.
/// </summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private readonly UpgradeFixture _fixture = UpgradeFixture.Load(Path.Combine(AppContext.BaseDirectory, UpgradeFixture.Folder));
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portal-upgrade-").FullName;
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        var file = Path.Combine(_dataDirectory, "portal.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, UpgradeFixture.Folder, "portal.db"), file);
        await RecordEvidenceTheOldWayAsync(file);
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = _dataDirectory,
            // The fixture is a SQLite file, whichever provider the rest of the run uses.
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "portal.db")}",
            ["Encryption:KeyEncryptionKey"] = _fixture.KeyEncryptionKey,
        });
        await ((IAsyncLifetime)_portal).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_portal).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private const string OldEvidence = "S/MIME, AES-256-CBC with RSA-OAEP, to certificate SHA-256 0123";

    private const string OldSuppressedAddress = "Gone.Patient@Clinic.example";

    // Releases before the outbox kept delivery outcomes wrote the evidence on the message row itself, and suppressed
    // addresses were kept in clear.
    private static async Task RecordEvidenceTheOldWayAsync(string file)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE SecureMessages SET DeliveryEvidence = $evidence
            WHERE Id = (SELECT ReferenceId FROM Outbox WHERE Kind = 1 AND SentUtc IS NOT NULL ORDER BY CreatedUtc LIMIT 1)
            """;
        command.Parameters.AddWithValue("$evidence", OldEvidence);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        await using var suppression = connection.CreateCommand();
        suppression.CommandText = "INSERT INTO SuppressedAddresses (Address, Reason, SinceUtc, Detail) VALUES ($address, 1, '2026-01-02 03:04:05', '550 5.1.1')";
        suppression.Parameters.AddWithValue("$address", OldSuppressedAddress.ToLowerInvariant());
        Assert.Equal(1, await suppression.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Suppressed_addresses_kept_in_clear_before_become_tokens_that_still_suppress()
    {
        var rows = await _portal.QueryAsync(db => db.SuppressedAddresses.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(rows, r => r.Address.Contains("gone", StringComparison.OrdinalIgnoreCase));
        var token = await _portal.Services.GetRequiredService<Portal.Grains.Identity.AccountEmails>().LookupTokenAsync(OldSuppressedAddress);
        var converted = Assert.Single(rows, r => r.Address == token);
        Assert.Equal((Portal.Data.Delivery.SuppressionReason.HardBounce, "550 5.1.1"), (converted.Reason, converted.Detail));
    }

    private IGrainFactory Grains => _portal.Services.GetRequiredService<IGrainFactory>();
    private AuditActor Patient => new(_fixture.Patient.Id, PortalRoles.Patient, "203.0.113.7");
    private AuditActor Staff => new(_fixture.Staff.Id, PortalRoles.Staff, "127.0.0.1");

    [Fact]
    public async Task Accounts_written_before_have_their_addresses_sealed_and_still_sign_in_with_password_and_authenticator()
    {
        foreach (var account in new[] { _fixture.Patient, _fixture.Staff })
        {
            var stored = await _portal.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == account.Id));
            Assert.DoesNotContain(account.Email.Split('@')[0], $"{stored.Email} {stored.NormalizedEmail} {stored.UserName} {stored.NormalizedUserName}", StringComparison.OrdinalIgnoreCase);
            Assert.Equal(account.Email, await _portal.Services.GetRequiredService<Portal.Grains.Identity.AccountEmails>().OfAsync(account.Id));
            using var client = _portal.NewClient();
            var landing = await client.SignInAsync(new ProvisionedAccount(account.Id, account.Email, account.Password, account.TotpSecret));
            Assert.DoesNotContain("/account/login", landing, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Messages_and_attachments_written_before_still_decrypt_and_recalled_ones_stay_recalled()
    {
        var inbox = Grains.GetGrain<IPatientGrain>(_fixture.Patient.Id);
        Assert.Equal(_fixture.PatientName, (await inbox.GetSummaryAsync(Staff))!.FullName);

        foreach (var (expected, reader) in new[] { (_fixture.Message, Patient), (_fixture.Reply, Staff) })
        {
            var view = await inbox.OpenMessageAsync(expected.Id, reader);
            Assert.NotNull(view);
            Assert.Equal((MessageState.Active, expected.Subject, expected.Body), (view.State, view.Subject, view.Body));
            var attachment = await inbox.OpenAttachmentAsync(expected.AttachmentId, reader);
            Assert.Equal(expected.AttachmentName, attachment!.FileName);
            Assert.Equal(expected.AttachmentSha256, UpgradeFixture.Sha256(attachment.Content));
        }

        var recalled = await inbox.OpenMessageAsync(_fixture.RecalledMessageId, Patient);
        Assert.Equal((MessageState.Recalled, ""), (recalled!.State, recalled.Body));
    }

    [Fact]
    public async Task Delivery_evidence_written_on_a_message_before_moves_to_its_outbox_row_and_staff_still_see_it()
    {
        var rows = await _portal.QueryAsync(db => db.Outbox.Where(r => r.OutcomeEvidence != null).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal(OldEvidence, row.OutcomeEvidence);
        var sentAs = await _portal.SentAsAsync(row.ReferenceId);
        Assert.Equal(OldEvidence, sentAs.Evidence);
        var message = await _portal.QueryAsync(db => db.SecureMessages.SingleAsync(m => m.Id == row.ReferenceId));
        Assert.Equal((message.DeliveryMethod, message.PolicyReason), (sentAs.Method, sentAs.PolicyReason));
    }

    [Fact]
    public async Task Sealed_submissions_written_before_still_verify_and_their_files_decrypt()
    {
        var forms = Grains.GetGrain<IPatientFormsGrain>(_fixture.Patient.Id);
        var submission = await forms.GetSubmissionAsync(_fixture.SubmissionId, Patient);
        Assert.Equal(_fixture.SubmissionContentHash, submission!.SignedContentHash);
        Assert.Contains("Referred for diabetes review", submission.AnswersJson);
        var upload = await forms.OpenFileAsync(_fixture.AssignmentId, "letter", Staff);
        Assert.Equal(_fixture.UploadSha256, UpgradeFixture.Sha256(upload!.Content));

        var publicSubmission = await _portal.Services.GetRequiredService<PublicForms>().OpenUnattachedAsync(_fixture.PublicSubmissionId, Staff);
        Assert.Equal(_fixture.PublicSubmissionContentHash, publicSubmission!.SignedContentHash);
        Assert.Contains("Bo Lindqvist", publicSubmission.AnswersJson);
        var card = await _portal.Services.GetRequiredService<PublicFormFiles>().OpenUnattachedAsync(_fixture.PublicSubmissionId, "card", Staff);
        Assert.Equal(_fixture.PublicUploadSha256, UpgradeFixture.Sha256(card!.Content));
    }

    [Fact]
    public async Task Records_written_before_get_an_empty_profile_and_are_in_segments_and_their_profile_can_be_set()
    {
        Assert.True(await _portal.QueryAsync(db => db.Patients.AllAsync(p => db.PatientProfiles.Any(x => x.PatientId == p.Id))));
        var everyone = new Portal.Grains.Audience.Segments.SegmentGroup { Conditions = [new() { Field = Portal.Grains.Audience.Segments.SegmentField.Tag, Values = ["upgraded"], Negate = true }] };
        var segments = _portal.Services.GetRequiredService<Portal.Grains.Audience.Segments.Segments>();
        Assert.Equal(await _portal.QueryAsync(db => db.PatientProfiles.CountAsync()), await segments.CountAsync(everyone));
        var profile = Grains.GetGrain<Portal.Grains.Audience.IPatientProfileGrain>(_fixture.Patient.Id);
        Assert.Empty((await profile.GetProfileAsync(Staff))!.Diagnoses);
        Assert.Null(await profile.UpdateProfileAsync(null, new Portal.Grains.Audience.ProfileDetails { Tags = ["upgraded"] }, Staff));
        Assert.Equal(["upgraded"], (await profile.GetProfileAsync(Staff))!.Details.Tags);
    }

    [Fact]
    public async Task Audit_entries_written_before_are_sealed_into_the_chain_which_verifies()
    {
        var sealedCount = await _portal.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Sequence != null));
        Assert.True(sealedCount > 0);
        Assert.Equal(0, await _portal.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Sequence == null)));
        var result = await _portal.Services.GetRequiredService<Portal.Grains.Audit.AuditVerifier>().VerifyAsync();
        Assert.True(result.Intact, result.Summary);
    }

    [Fact]
    public async Task A_record_erased_before_stays_unreadable()
    {
        var inbox = Grains.GetGrain<IPatientGrain>(_fixture.ErasedPatientId);
        var view = await inbox.OpenMessageAsync(_fixture.ErasedMessageId, Staff);
        Assert.Equal(MessageState.Erased, view!.State);
        Assert.DoesNotContain("MRI", view.Body + view.Subject);
    }
}
