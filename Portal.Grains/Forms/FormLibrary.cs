using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;
using Portal.Data.Forms;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Form definitions in the database. Published versions are insert-only rows whose hash is re-checked on every load,
/// so a version edited behind the product's back is refused rather than shown to patients.
/// </summary>
public sealed class FormLibrary(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider time) : IFormLibrary
{
    public async Task<IReadOnlyList<FormListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var forms = await db.Forms.AsNoTracking().ToListAsync(cancellationToken);
        return [.. forms
            .OrderByDescending(f => f.UpdatedUtc)
            .Select(f => new FormListing(f.Id, f.Title, f.LatestVersion, f.DraftJson is not null, f.UpdatedUtc))];
    }

    public async Task<PublishedForm?> GetPublishedAsync(string formId, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.FormVersions.AsNoTracking().Where(v => v.FormId == formId);
        var row = version is { } wanted
            ? await query.FirstOrDefaultAsync(v => v.Version == wanted, cancellationToken)
            : await query.OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : PublishedForm.Load(row.CanonicalJson, row.ContentHash, row.PublishedUtc);
    }

    public async Task<FormDefinition?> GetDraftAsync(string formId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var form = await db.Forms.AsNoTracking().FirstOrDefaultAsync(f => f.Id == formId, cancellationToken);
        if (form is null)
            return null;
        if (form.DraftJson is not null)
            return FormJson.Deserialize(form.DraftJson);

        var latest = await GetPublishedAsync(formId, form.LatestVersion, cancellationToken);
        return latest is null
            ? NewDefinition(formId, form.Title, 1)
            : latest.Definition with { Version = latest.Version + 1 };
    }

    public async Task<string> CreateAsync(string title, AuditActor actor, CancellationToken cancellationToken = default)
    {
        title = RequireTitle(title);
        var formId = "form-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Forms.Add(new FormRecord
        {
            Id = formId,
            Title = title,
            DraftJson = FormJson.Serialize(NewDefinition(formId, title, 1)),
            CreatedUtc = now,
            UpdatedUtc = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.FormCreated, AuditOutcomes.Success, actor, TargetId: formId), cancellationToken);
        return formId;
    }

    public async Task SaveDraftAsync(FormDefinition draft, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var form = await db.Forms.FirstOrDefaultAsync(f => f.Id == draft.Id, cancellationToken)
            ?? throw new FormLibraryException("That form does not exist.");
        var expectedVersion = (form.LatestVersion ?? 0) + 1;
        if (draft.Version != expectedVersion)
            throw new FormLibraryException($"The draft must be version {expectedVersion}; published versions cannot change.");

        form.Title = RequireTitle(draft.Title);
        form.DraftJson = FormJson.Serialize(draft);
        form.UpdatedUtc = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<PublishedForm> PublishDraftAsync(string formId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var form = await db.Forms.FirstOrDefaultAsync(f => f.Id == formId, cancellationToken)
            ?? throw new FormLibraryException("That form does not exist.");
        if (form.DraftJson is null)
            throw new FormLibraryException("There are no unpublished changes.");

        var published = PublishedForm.Publish(FormJson.Deserialize(form.DraftJson), time.GetUtcNow());
        AddVersion(db, form, published, actor.UserId);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.FormPublished, AuditOutcomes.Success, actor, TargetId: $"{formId}:{published.Version}"), cancellationToken);
        return published;
    }

    /// <summary>Publishes each built-in instrument once, so staff can send PHQ-9, GAD-7 and the satisfaction survey without building them.</summary>
    public async Task EnsureInstrumentsAsync(IInstrumentCatalogue catalogue, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.Forms.Select(f => f.Id).ToListAsync(cancellationToken);
        foreach (var instrument in catalogue.All.Where(i => !known.Contains(i.Id)))
        {
            var now = time.GetUtcNow();
            var form = new FormRecord { Id = instrument.Id, Title = instrument.Title, CreatedUtc = now, UpdatedUtc = now };
            db.Forms.Add(form);
            AddVersion(db, form, PublishedForm.Publish(instrument, now), publishedBy: null);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static void AddVersion(PortalDbContext db, FormRecord form, PublishedForm published, Guid? publishedBy)
    {
        db.FormVersions.Add(new FormVersionRecord
        {
            FormId = form.Id,
            Version = published.Version,
            CanonicalJson = published.CanonicalJson,
            ContentHash = published.ContentHash,
            PublishedUtc = published.PublishedAtUtc,
            PublishedBy = publishedBy,
        });
        form.LatestVersion = published.Version;
        form.Title = published.Definition.Title;
        form.DraftJson = null;
        form.UpdatedUtc = published.PublishedAtUtc;
    }

    private static FormDefinition NewDefinition(string formId, string title, int version) => new()
    {
        Id = formId,
        Version = version,
        Title = title,
        Pages = [new FormPage { Id = "page-1", Title = "Page 1" }],
    };

    private static string RequireTitle(string title)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 200 || title.Any(char.IsControl))
            throw new FormLibraryException("A form needs a title of 1 to 200 characters on one line.");
        return title;
    }
}
