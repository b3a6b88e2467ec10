using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Forms.Answers;
using Portal.Forms.Validation;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Data.Forms;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Forms reachable without signing in (e.g. new-patient intake) through an unguessable link. A submission belongs to
/// no patient yet, so it is sealed under a data key of its own, wrapped by the KEK, until staff attach it to a record
/// (<see cref="IPatientFormsGrain.AttachPublicSubmissionAsync"/>).
/// </summary>
public sealed class PublicForms(
    IDbContextFactory<PortalDbContext> dbFactory,
    KeyEncryptionKey kek,
    IFormLibrary library,
    FormValidator validator,
    IOptions<FormWebhookOptions> webhook,
    IAuditLog audit,
    PublicFormFiles files,
    PublicFormBudget budget,
    TimeProvider clock)
{
    public sealed record PublicLink(Guid LinkId, string FormId, int FormVersion, string FormTitle, DateTime CreatedUtc, bool Enabled);

    public sealed record UnattachedSubmission(Guid SubmissionId, string FormId, int FormVersion, string FormTitle, DateTime SubmittedUtc);

    /// <summary>Creates a link to the newest published version; returns the token, which is shown once and stored only as a hash.</summary>
    public async Task<string> CreateLinkAsync(string formId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var form = await library.GetPublishedAsync(formId, null, cancellationToken)
            ?? throw new FormLibraryException("Publish the form before making a public link to it.");
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var link = new PublicFormLink
        {
            Id = Guid.CreateVersion7(),
            TokenHash = HashToken(token),
            FormId = form.FormId,
            FormVersion = form.Version,
            CreatedBy = actor.UserId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.PublicFormLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.PublicFormLinkCreated, AuditOutcomes.Success, actor, TargetId: link.Id.ToString()), cancellationToken);
        return token;
    }

    public async Task<bool> DisableLinkAsync(Guid linkId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var disabled = await db.PublicFormLinks.Where(l => l.Id == linkId && l.DisabledUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.DisabledUtc, now), cancellationToken) == 1;
        await audit.WriteAsync(new AuditRecord(AuditActions.PublicFormLinkDisabled, disabled ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, TargetId: linkId.ToString()), cancellationToken);
        return disabled;
    }

    public async Task<IReadOnlyList<PublicLink>> ListLinksAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var links = await db.PublicFormLinks.AsNoTracking().ToListAsync(cancellationToken);
        var titles = await FormTitles.LookupAsync(db, links.Select(l => l.FormId));
        return [.. links.OrderByDescending(l => l.CreatedUtc)
            .Select(l => new PublicLink(l.Id, l.FormId, l.FormVersion, titles.GetValueOrDefault(l.FormId, l.FormId), l.CreatedUtc, l.DisabledUtc is null))];
    }

    /// <summary>The form behind an enabled link; null for an unknown or disabled token.</summary>
    public async Task<(Guid LinkId, PublishedForm Form)?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return null;
        var hash = HashToken(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var link = await db.PublicFormLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash && l.DisabledUtc == null, cancellationToken);
        if (link is null)
            return null;
        var form = await library.GetPublishedAsync(link.FormId, link.FormVersion, cancellationToken);
        return form is null ? null : (link.Id, form);
    }

    public const string AlreadySentProblem = "This form was already sent. Open the link again to send another.";

    /// <summary>A new filling of a form: its submission's id and own data key are chosen now, so uploads made before
    /// sending are encrypted under the key the submission will be sealed with. Nothing is stored.</summary>
    public PublicFormSession NewSession()
    {
        var id = Guid.CreateVersion7();
        var key = RandomNumberGenerator.GetBytes(32);
        var session = new PublicFormSession(id, kek.Wrap(key, id));
        CryptographicOperations.ZeroMemory(key);
        return session;
    }

    /// <summary>Validates and stores an anonymous submission with the session's uploads; nothing is stored when an answer
    /// is refused, a file answer no longer matches the stored file, or <paramref name="nonce"/> (one per filling of the
    /// form) was already used.</summary>
    public async Task<SubmitOutcome?> SubmitAsync(string token, FormAnswers answers, string ipAddress, string nonce, PublicFormSession session, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(token, cancellationToken) is not { } found)
            return null;
        var validation = validator.Validate(found.Form.Definition, answers);
        if (!validation.IsValid)
            return new SubmitOutcome(null, [.. validation.Errors.Select(e => new SubmitProblem(e.FieldId, e.Message))]);

        var nonceHash = HashToken(nonce);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.FormSubmissions.AnyAsync(s => s.PublicNonceHash == nonceHash, cancellationToken))
            return new SubmitOutcome(null, [new SubmitProblem("form", AlreadySentProblem)]);
        if (await budget.RefuseSubmissionAsync(db, found.LinkId, cancellationToken) is { } full)
            return new SubmitOutcome(null, [new SubmitProblem("form", full)]);

        var id = session.SubmissionId;
        var raw = kek.Unwrap(session.WrappedKey, id);
        var key = new DataKey(raw);
        var fileProblems = await files.MatchAnswersAsync(db, key, id, answers, cancellationToken);
        if (fileProblems.Count > 0)
        {
            CryptographicOperations.ZeroMemory(raw);
            return new SubmitOutcome(null, fileProblems);
        }
        var now = clock.GetUtcNow();
        var row = SubmissionSeal.Seal(key, id, null, null, found.Form, answers, null, "public form (not signed in)", now, ipAddress);
        row.PublicLinkId = found.LinkId;
        row.WrappedKey = session.WrappedKey;
        row.PublicNonceHash = nonceHash;
        CryptographicOperations.ZeroMemory(raw);
        db.FormSubmissions.Add(row);
        if (webhook.Value.IsEnabled)
            db.FormWebhookDeliveries.Add(FormWebhookSender.NewDelivery(id, now.UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two posts of the same form session at once: the unique nonce lets only one in.
            return new SubmitOutcome(null, [new SubmitProblem("form", AlreadySentProblem)]);
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.PublicFormSubmitted, AuditOutcomes.Success, new AuditActor(Guid.Empty, "anonymous", ipAddress), TargetId: id.ToString()), cancellationToken);
        return new SubmitOutcome(id, []);
    }

    public async Task<IReadOnlyList<UnattachedSubmission>> ListUnattachedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FormSubmissions.AsNoTracking().Where(s => s.PatientId == null)
            .Select(s => new { s.Id, s.FormId, s.FormVersion, s.SubmittedUtc }).ToListAsync(cancellationToken);
        var titles = await FormTitles.LookupAsync(db, rows.Select(r => r.FormId));
        return [.. rows.OrderByDescending(r => r.SubmittedUtc)
            .Select(r => new UnattachedSubmission(r.Id, r.FormId, r.FormVersion, titles.GetValueOrDefault(r.FormId, r.FormId), r.SubmittedUtc))];
    }

    /// <summary>Staff read an unattached submission to find whose it is; every read is audited.</summary>
    public async Task<SubmissionView?> OpenUnattachedAsync(Guid submissionId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FormSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId && s.PatientId == null && s.WrappedKey != null, cancellationToken);
        if (row is null)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.FormSubmissionView, AuditOutcomes.NotFound, actor, TargetId: submissionId.ToString()), cancellationToken);
            return null;
        }
        var view = SubmissionSeal.Open(new DataKey(kek.Unwrap(row.WrappedKey!, row.Id)), row);
        await audit.WriteAsync(new AuditRecord(AuditActions.FormSubmissionView, AuditOutcomes.Success, actor, TargetId: submissionId.ToString()), cancellationToken);
        return view;
    }

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
