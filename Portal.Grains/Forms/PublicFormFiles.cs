using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Data.Forms;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Files answering a public form's upload questions. They are checked like a patient's uploads, encrypted under the form
/// session's own key (that of its future submission), bounded per session, bound into the seal by their SHA-256 when the
/// form is sent, and swept away when the session is abandoned.
/// </summary>
public sealed class PublicFormFiles(
    IDbContextFactory<PortalDbContext> dbFactory,
    KeyEncryptionKey kek,
    IOptions<PublicFormUploadOptions> options,
    PublicFormBudget budget,
    IAuditLog audit,
    TimeProvider clock)
{
    public const string ReuploadProblem = "Please upload this file again.";

    /// <summary>Checks and stores one upload for a question, replacing the session's earlier file for it; a refused file
    /// changes nothing. Null when the question is not a file question of this form.</summary>
    public async Task<FormFileOutcome?> StoreAsync(Guid linkId, FormDefinition form, PublicFormSession session, string fieldId, string fileName,
        byte[] content, string ipAddress, CancellationToken cancellationToken = default)
    {
        if (form.FindField(fieldId) is not { Type: FieldType.FileUpload } field)
            return null;
        var actor = Anonymous(ipAddress);
        // The same name rules as message attachments: no path, no control characters (a CR/LF would
        // travel into the download's Content-Disposition and the PDF), a sane length.
        var name = AttachmentRules.CleanFileName(fileName) ?? "";
        var check = name.Length == 0
            ? new FileCheckResult(null, AttachmentRules.UnusableFileName)
            : FileContentCheck.Check(content, name, field.Rules?.MaxFileBytes ?? FileContentCheck.DefaultMaxBytes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var problem = check.Error
            ?? (await db.FormSubmissions.AnyAsync(s => s.Id == session.SubmissionId, cancellationToken) ? PublicForms.AlreadySentProblem : null)
            ?? await OverSessionLimitAsync(db, session.SubmissionId, fieldId, content.Length, cancellationToken)
            ?? await budget.RefuseSubmissionAsync(db, linkId, cancellationToken)
            ?? await budget.RefuseFileAsync(db, linkId, content.Length, cancellationToken);
        if (problem is not null)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.FormFileUpload, AuditOutcomes.Failure, actor, TargetId: session.SubmissionId.ToString()), cancellationToken);
            return new FormFileOutcome(null, null, 0, problem);
        }

        var raw = kek.Unwrap(session.WrappedKey, session.SubmissionId);
        var key = new DataKey(raw);
        var id = Guid.CreateVersion7();
        // Removed in the same save that adds the new file, so a failure keeps the earlier one.
        db.PublicFormFiles.RemoveRange(db.PublicFormFiles.Where(f => f.SubmissionId == session.SubmissionId && f.FieldId == fieldId));
        db.PublicFormFiles.Add(new PublicFormFile
        {
            Id = id,
            SubmissionId = session.SubmissionId,
            LinkId = linkId,
            FieldId = fieldId,
            ContentType = check.ContentType!,
            SizeBytes = content.Length,
            FileNameCipher = key.Seal(PhiFields.PublicFormFileName, id, name),
            ContentCipher = key.Seal(PhiFields.PublicFormFileContent, id, content),
            UploadedUtc = clock.GetUtcNow().UtcDateTime,
        });
        CryptographicOperations.ZeroMemory(raw);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same question uploaded twice at once in one session: the unique index lets one in.
            return new FormFileOutcome(null, null, 0, "Another upload for this question arrived at the same time. Please choose the file again.");
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.FormFileUpload, AuditOutcomes.Success, actor, TargetId: session.SubmissionId.ToString()), cancellationToken);
        return new FormFileOutcome(name, check.ContentType, content.Length, null, Sha256(content));
    }

    private async Task<string?> OverSessionLimitAsync(PortalDbContext db, Guid submissionId, string fieldId, long size, CancellationToken cancellationToken)
    {
        var others = await db.PublicFormFiles.Where(f => f.SubmissionId == submissionId && f.FieldId != fieldId)
            .Select(f => f.SizeBytes).ToListAsync(cancellationToken);
        var limits = options.Value;
        if (others.Count + 1 > limits.MaxFilesPerSession)
            return $"A form sent without signing in takes at most {limits.MaxFilesPerSession} files.";
        return others.Sum() + size > limits.MaxBytesPerSession
            ? $"A form sent without signing in takes at most {FileContentCheck.DescribeSize(limits.MaxBytesPerSession)} of files in all."
            : null;
    }

    /// <summary>Before a session is sealed: each file answer must be the session's stored file (same SHA-256, so the seal
    /// pins the bytes kept); files of questions left unanswered (e.g. skipped by a condition) are dropped with the same save.
    /// Returns the questions whose file is missing or was replaced since it was answered.</summary>
    internal async Task<IReadOnlyList<SubmitProblem>> MatchAnswersAsync(PortalDbContext db, DataKey key, Guid submissionId, FormAnswers answers, CancellationToken cancellationToken)
    {
        var rows = await db.PublicFormFiles.Where(f => f.SubmissionId == submissionId && f.PatientId == null).ToListAsync(cancellationToken);
        var problems = new List<SubmitProblem>();
        foreach (var (fieldId, answer) in answers)
        {
            if (answer is not FileAnswer file)
                continue;
            var row = rows.SingleOrDefault(r => r.FieldId == fieldId);
            if (row is null || file.Sha256 is null || Sha256(key.Open(PhiFields.PublicFormFileContent, row.Id, row.ContentCipher)) != file.Sha256)
                problems.Add(new SubmitProblem(fieldId, ReuploadProblem));
        }
        db.PublicFormFiles.RemoveRange(rows.Where(r => answers.Find(r.FieldId) is not FileAnswer));
        return problems;
    }

    /// <summary>Staff reviewing an unattached submission download one of its files; audited.</summary>
    public async Task<FormFileContent?> OpenUnattachedAsync(Guid submissionId, string fieldId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var submission = await db.FormSubmissions.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == submissionId && s.PatientId == null && s.WrappedKey != null, cancellationToken);
        var row = submission is null ? null : await db.PublicFormFiles.AsNoTracking()
            .SingleOrDefaultAsync(f => f.SubmissionId == submissionId && f.FieldId == fieldId && f.PatientId == null, cancellationToken);
        if (row is null)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.FormFileDownload, AuditOutcomes.NotFound, actor, TargetId: submissionId.ToString()), cancellationToken);
            return null;
        }
        var file = Open(new DataKey(kek.Unwrap(submission!.WrappedKey!, submissionId)), row);
        await audit.WriteAsync(new AuditRecord(AuditActions.FormFileDownload, AuditOutcomes.Success, actor, TargetId: submissionId.ToString()), cancellationToken);
        return file;
    }

    /// <summary>Removes files of sessions never sent, once no session that uploaded them can still be open.</summary>
    public async Task<int> SweepAbandonedAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.AbandonedAfter;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PublicFormFiles
            .Where(f => f.PatientId == null && f.UploadedUtc < cutoff && !db.FormSubmissions.Any(s => s.Id == f.SubmissionId))
            .ExecuteDeleteAsync(cancellationToken);
    }

    internal static FormFileContent Open(DataKey key, PublicFormFile row) => new(
        key.OpenText(PhiFields.PublicFormFileName, row.Id, row.FileNameCipher),
        row.ContentType,
        key.Open(PhiFields.PublicFormFileContent, row.Id, row.ContentCipher));

    /// <summary>Moves a file from its submission's key to the patient's, when staff attach the submission.</summary>
    internal static void Rekey(PublicFormFile row, DataKey fromKey, DataKey toKey, Guid patientId)
    {
        row.FileNameCipher = fromKey.Reseal(PhiFields.PublicFormFileName, row.Id, row.FileNameCipher, toKey);
        row.ContentCipher = fromKey.Reseal(PhiFields.PublicFormFileContent, row.Id, row.ContentCipher, toKey);
        row.PatientId = patientId;
    }

    private static AuditActor Anonymous(string ipAddress) => new(Guid.Empty, "anonymous", ipAddress);

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
