using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Grains.Patients;
using Portal.Data.Forms;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Forms;

public sealed class PatientFormsGrain(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    KeyEncryptionKey kek,
    PatientAccess access,
    IFormLibrary library,
    FormValidator validator,
    FormReminderSchedule reminders,
    Microsoft.Extensions.Options.IOptions<FormWebhookOptions> webhook,
    IAuditLog audit,
    OutboxSignal outboxSignal,
    Retention.LegalHolds legalHolds,
    Audience.Consent.BuiltInForms builtInForms,
    TimeProvider clock) : Grain, IPatientFormsGrain
{
    private Guid PatientId => this.GetPrimaryKey();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Guid> AssignAsync(NewFormAssignment assignment, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormAssigned);
        if (actor.Role == PortalRoles.Patient)
            throw new UnauthorizedAccessException("Staff assign forms.");
        var now = Now;
        if (assignment.DueUtc <= now)
            throw new ArgumentException("The due date must be in the future.", nameof(assignment));
        if (await library.GetPublishedAsync(assignment.FormId, assignment.FormVersion) is null)
            throw new ArgumentException("That form version is not published.", nameof(assignment));

        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Patients.AnyAsync(p => p.Id == PatientId))
            throw new KeyNotFoundException("No such patient.");
        var row = new FormAssignment
        {
            Id = Guid.CreateVersion7(),
            PatientId = PatientId,
            FormId = assignment.FormId,
            FormVersion = assignment.FormVersion,
            AssignedBy = actor.UserId,
            AssignedUtc = now,
            DueUtc = assignment.DueUtc,
        };
        row.NextReminderUtc = reminders.FirstReminder(row);
        db.FormAssignments.Add(row);
        // The notice is queued in the same transaction as the assignment, so neither exists without the other.
        db.Outbox.Add(OutboxWriter.NewRow(OutboxKind.FormAssigned, PatientId, row.Id, now));
        await db.SaveChangesAsync();
        outboxSignal.Notify();
        await AuditAsync(AuditActions.FormAssigned, AuditOutcomes.Success, actor, row.Id);
        return row.Id;
    }

    public async Task<Guid> RequestAuthorisationFormAsync(AuditActor actor)
    {
        DemandPatient(actor);
        var formId = Audience.Consent.MarketingAuthorisationForm.Id;
        var version = await builtInForms.EnsurePublishedAsync(formId, Audience.Consent.MarketingAuthorisationForm.Title, Audience.Consent.MarketingAuthorisationForm.Build);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.FormAssignments.Where(a => a.PatientId == PatientId && a.FormId == formId && a.SubmittedUtc == null && a.DueUtc > Now)
                .Select(a => (Guid?)a.Id).FirstOrDefaultAsync() is { } open)
            return open;
        // Asked for by the patient in the portal: no notice mail, no reminders.
        var row = new FormAssignment { Id = Guid.CreateVersion7(), PatientId = PatientId, FormId = formId, FormVersion = version, AssignedBy = actor.UserId, AssignedUtc = Now, DueUtc = Now.AddDays(30) };
        db.FormAssignments.Add(row);
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.FormAssigned, AuditOutcomes.Success, actor, row.Id);
        return row.Id;
    }

    public async Task<IReadOnlyList<AssignmentSummary>> ListAssignmentsAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormOpened);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.FormAssignments.AsNoTracking().Where(a => a.PatientId == PatientId).ToListAsync();
        var titles = await FormTitles.LookupAsync(db, rows.Select(r => r.FormId));
        return [.. rows.OrderBy(r => r.SubmittedUtc is not null).ThenBy(r => r.DueUtc).Select(r => Summarise(r, titles, Now))];
    }

    public async Task<AssignmentDraft?> OpenAssignmentAsync(Guid assignmentId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormOpened, assignmentId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormAssignments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assignmentId && a.PatientId == PatientId);
        if (row is null)
        {
            await AuditAsync(AuditActions.FormOpened, AuditOutcomes.NotFound, actor, assignmentId);
            return null;
        }
        var answers = "{}";
        if (row.DraftCipher is not null)
        {
            var key = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
            answers = key.OpenText(PhiFields.FormDraft, row.Id, row.DraftCipher);
        }
        var titles = await FormTitles.LookupAsync(db, [row.FormId]);
        await AuditAsync(AuditActions.FormOpened, AuditOutcomes.Success, actor, assignmentId);
        return new AssignmentDraft(Summarise(row, titles, Now), answers, row.DraftPageId);
    }

    public async Task<bool> SaveDraftAsync(Guid assignmentId, string answersJson, string? pageId, AuditActor actor)
    {
        DemandPatient(actor);
        // Reading it back proves the draft is well-formed answers before it is stored.
        var answers = SubmissionSeal.Serialize(SubmissionSeal.DeserializeAnswers(answersJson));
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.PatientId == PatientId && a.SubmittedUtc == null);
        if (row is null)
        {
            await AuditAsync(AuditActions.FormDraftSaved, AuditOutcomes.NotFound, actor, assignmentId);
            return false;
        }
        var key = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
        row.DraftCipher = key.Seal(PhiFields.FormDraft, row.Id, answers);
        row.DraftPageId = pageId is { Length: <= 64 } ? pageId : null;
        row.DraftSavedUtc = Now;
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.FormDraftSaved, AuditOutcomes.Success, actor, assignmentId);
        return true;
    }

    public async Task<FormFileOutcome?> StoreFileAsync(Guid assignmentId, string fieldId, string fileName, byte[] content, AuditActor actor)
    {
        DemandPatient(actor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var assignment = await db.FormAssignments.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == assignmentId && a.PatientId == PatientId && a.SubmittedUtc == null);
        var form = assignment is null ? null : await library.GetPublishedAsync(assignment.FormId, assignment.FormVersion);
        if (form?.Definition.FindField(fieldId) is not { Type: FieldType.FileUpload } field)
        {
            await AuditAsync(AuditActions.FormFileUpload, AuditOutcomes.NotFound, actor, assignmentId);
            return null;
        }
        // The same name rules as message attachments: no path, no control characters (a CR/LF would
        // travel into the download's Content-Disposition and the PDF), a sane length.
        var name = AttachmentRules.CleanFileName(fileName) ?? "";
        var check = name.Length == 0
            ? new FileCheckResult(null, AttachmentRules.UnusableFileName)
            : FileContentCheck.Check(content, name, field.Rules?.MaxFileBytes ?? FileContentCheck.DefaultMaxBytes);
        if (!check.IsAllowed)
        {
            await AuditAsync(AuditActions.FormFileUpload, AuditOutcomes.Failure, actor, assignmentId);
            return new FormFileOutcome(null, null, 0, check.Error);
        }

        var key = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
        var id = Guid.CreateVersion7();
        db.FormFiles.RemoveRange(db.FormFiles.Where(f => f.PatientId == PatientId && f.AssignmentId == assignmentId && f.FieldId == fieldId));
        db.FormFiles.Add(new FormFile
        {
            Id = id,
            PatientId = PatientId,
            AssignmentId = assignmentId,
            FieldId = fieldId,
            ContentType = check.ContentType!,
            SizeBytes = content.Length,
            FileNameCipher = key.Seal(PhiFields.FormFileName, id, name),
            ContentCipher = key.Seal(PhiFields.FormFileContent, id, content),
            UploadedUtc = Now,
        });
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.FormFileUpload, AuditOutcomes.Success, actor, assignmentId);
        return new FormFileOutcome(name, check.ContentType, content.Length, null, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
    }

    public async Task<FormFileContent?> OpenFileAsync(Guid assignmentId, string fieldId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormFileDownload, assignmentId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormFiles.AsNoTracking()
            .SingleOrDefaultAsync(f => f.PatientId == PatientId && f.AssignmentId == assignmentId && f.FieldId == fieldId);
        var key = row is null ? null : await keyRing.FindAsync(PatientId);
        if (row is null || key is null)
        {
            await AuditAsync(AuditActions.FormFileDownload, AuditOutcomes.NotFound, actor, assignmentId);
            return null;
        }
        var file = new FormFileContent(
            key.OpenText(PhiFields.FormFileName, row.Id, row.FileNameCipher),
            row.ContentType,
            key.Open(PhiFields.FormFileContent, row.Id, row.ContentCipher));
        await AuditAsync(AuditActions.FormFileDownload, AuditOutcomes.Success, actor, assignmentId);
        return file;
    }

    public async Task<FormFileContent?> OpenPublicFileAsync(Guid submissionId, string fieldId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormFileDownload, submissionId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.PublicFormFiles.AsNoTracking()
            .SingleOrDefaultAsync(f => f.PatientId == PatientId && f.SubmissionId == submissionId && f.FieldId == fieldId);
        var key = row is null ? null : await keyRing.FindAsync(PatientId);
        if (row is null || key is null)
        {
            await AuditAsync(AuditActions.FormFileDownload, AuditOutcomes.NotFound, actor, submissionId);
            return null;
        }
        var file = PublicFormFiles.Open(key, row);
        await AuditAsync(AuditActions.FormFileDownload, AuditOutcomes.Success, actor, submissionId);
        return file;
    }

    // Associated data: the ciphertext only opens in the row and column it was written for.

    public async Task<SubmitOutcome?> SubmitAsync(Guid assignmentId, string answersJson, AuditActor actor)
    {
        DemandPatient(actor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.PatientId == PatientId && a.SubmittedUtc == null);
        if (row is null)
        {
            await AuditAsync(AuditActions.FormSubmitted, AuditOutcomes.NotFound, actor, assignmentId);
            return null;
        }
        var form = await library.GetPublishedAsync(row.FormId, row.FormVersion)
            ?? throw new InvalidOperationException("The assigned form version is missing.");
        var answers = SubmissionSeal.DeserializeAnswers(answersJson);
        var validation = validator.Validate(form.Definition, answers);
        if (!validation.IsValid)
        {
            await AuditAsync(AuditActions.FormSubmitted, AuditOutcomes.Failure, actor, assignmentId);
            return new SubmitOutcome(null, [.. validation.Errors.Select(e => new SubmitProblem(e.FieldId, e.Message))]);
        }

        var key = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
        var now = clock.GetUtcNow();
        var submission = SubmissionSeal.Seal(key, Guid.CreateVersion7(), PatientId, row.Id, form, answers,
            actor.UserId, $"patient account {actor.UserId}", now, actor.SourceIp ?? "unknown");
        db.FormSubmissions.Add(submission);
        if (webhook.Value.IsEnabled)
            db.FormWebhookDeliveries.Add(FormWebhookSender.NewDelivery(submission.Id, now.UtcDateTime));
        row.SubmissionId = submission.Id;
        row.SubmittedUtc = submission.SubmittedUtc;
        row.DraftCipher = null;
        row.DraftPageId = null;
        row.NextReminderUtc = null;
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.FormSubmitted, AuditOutcomes.Success, actor, submission.Id);
        // A signed marketing authorisation counts from now on.
        if (row.FormId == Audience.Consent.MarketingAuthorisationForm.Id)
            await GrainFactory.GetGrain<Audience.Consent.IPatientConsentGrain>(PatientId)
                .RecordAuthorisationAsync(submission.Id, row.FormId, row.FormVersion, submission.SubmittedUtc, actor);
        return new SubmitOutcome(submission.Id, []);
    }

    public async Task<IReadOnlyList<SubmissionSummary>> ListSubmissionsAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormSubmissionView);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.FormSubmissions.AsNoTracking().Where(s => s.PatientId == PatientId).ToListAsync();
        var titles = await FormTitles.LookupAsync(db, rows.Select(r => r.FormId));
        return [.. rows.OrderByDescending(r => r.SubmittedUtc)
            .Select(r => new SubmissionSummary(r.Id, r.FormId, r.FormVersion, titles.GetValueOrDefault(r.FormId, r.FormId), r.SubmittedUtc, r.AssignmentId))];
    }

    public async Task<SubmissionView?> GetSubmissionAsync(Guid submissionId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.FormSubmissionView, submissionId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId && s.PatientId == PatientId);
        if (row is null)
        {
            await AuditAsync(AuditActions.FormSubmissionView, AuditOutcomes.NotFound, actor, submissionId);
            return null;
        }
        var key = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
        try
        {
            var view = SubmissionSeal.Open(key, row);
            await AuditAsync(AuditActions.FormSubmissionView, AuditOutcomes.Success, actor, submissionId);
            return view;
        }
        catch (SubmissionTamperedException)
        {
            await AuditAsync(AuditActions.FormSubmissionTampered, AuditOutcomes.Failure, actor, submissionId);
            throw;
        }
    }

    public async Task<bool> AttachPublicSubmissionAsync(Guid submissionId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.PublicSubmissionAttached, submissionId);
        if (actor.Role == PortalRoles.Patient)
            throw new UnauthorizedAccessException("Staff attach submissions.");
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.FormSubmissions.SingleOrDefaultAsync(s => s.Id == submissionId && s.PatientId == null && s.WrappedKey != null);
        if (row is null)
        {
            await AuditAsync(AuditActions.PublicSubmissionAttached, AuditOutcomes.NotFound, actor, submissionId);
            return false;
        }
        var patientKey = await keyRing.FindAsync(PatientId) ?? throw new InvalidOperationException("This patient's record was erased.");
        var submissionKey = new DataKey(kek.Unwrap(row.WrappedKey!, row.Id));
        row.RecordCipher = SubmissionSeal.Rekey(submissionKey, patientKey, row);
        foreach (var file in await db.PublicFormFiles.Where(f => f.SubmissionId == submissionId && f.PatientId == null).ToListAsync())
            PublicFormFiles.Rekey(file, submissionKey, patientKey, PatientId);
        row.PatientId = PatientId;
        row.WrappedKey = null;
        row.AttachedUtc = Now;
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.PublicSubmissionAttached, AuditOutcomes.Success, actor, submissionId);
        return true;
    }

    internal static AssignmentSummary Summarise(FormAssignment row, IReadOnlyDictionary<string, string> titles, DateTime now) => new(
        row.Id, row.PatientId, row.FormId, row.FormVersion, titles.GetValueOrDefault(row.FormId, row.FormId), row.AssignedUtc, row.DueUtc,
        row.SubmittedUtc is not null ? AssignmentStatus.Submitted
        : row.DueUtc <= now ? AssignmentStatus.Overdue
        : row.DraftCipher is not null ? AssignmentStatus.InProgress
        : AssignmentStatus.ToDo,
        row.SubmissionId, row.SubmittedUtc);

    public async Task<int> DisposeSubmissionsAsync(DateTime cutoff, AuditActor actor)
    {
        if (actor != AuditActor.System)
        {
            await AuditAsync(AuditActions.RecordsDisposed, AuditOutcomes.Denied, actor);
            throw new UnauthorizedAccessException("Only the retention job disposes of records.");
        }
        if (await legalHolds.IsHeldAsync(PatientId)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync();
        var submissions = db.FormSubmissions.Where(s => s.PatientId == PatientId && s.SubmittedUtc < cutoff);
        var ids = submissions.Select(s => s.Id);
        var assignments = db.FormAssignments.Where(a => a.PatientId == PatientId && a.SubmissionId != null && ids.Contains(a.SubmissionId.Value));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Outbox.Where(o => o.RecipientId == PatientId && OutboxWriter.FormAssignmentKinds.Contains(o.Kind) && assignments.Select(a => a.Id).Contains(o.ReferenceId)).ExecuteDeleteAsync();
        await db.FormFiles.Where(f => f.PatientId == PatientId && assignments.Select(a => a.Id).Contains(f.AssignmentId)).ExecuteDeleteAsync();
        await assignments.ExecuteDeleteAsync();
        await db.PublicFormFiles.Where(f => f.PatientId == PatientId && ids.Contains(f.SubmissionId)).ExecuteDeleteAsync();
        await db.FormWebhookDeliveries.Where(w => ids.Contains(w.SubmissionId)).ExecuteDeleteAsync();
        var count = await submissions.ExecuteDeleteAsync();
        await transaction.CommitAsync();
        return count;
    }

    private void DemandPatient(AuditActor actor)
    {
        if (actor.Role != PortalRoles.Patient || actor.UserId != PatientId)
            throw new UnauthorizedAccessException("Only the patient fills their own forms.");
    }

    private async Task DemandAccessAsync(AuditActor actor, string action, Guid? target = null)
    {
        if (await access.MayOpenAsync(actor, PatientId))
            return;
        await AuditAsync(action, AuditOutcomes.Denied, actor, target);
        throw new UnauthorizedAccessException("Not on this patient's care team.");
    }

    private Task AuditAsync(string action, string outcome, AuditActor actor, Guid? target = null) =>
        audit.WriteAsync(new AuditRecord(action, outcome, actor, PatientId, target?.ToString()));
}
