using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Forms;
using Portal.Forms.Definitions;
using Portal.Grains.Audit;
using Portal.Grains.Forms;

namespace Portal.Grains.Audience.Consent;

/// <summary>Forms the product itself provides under fixed ids (the marketing authorisation), published through the
/// form library on first use like any other form.</summary>
public sealed class BuiltInForms(IDbContextFactory<PortalDbContext> dbFactory, IFormLibrary library, TimeProvider clock)
{
    /// <summary>The published version of the built-in form, publishing version 1 if it has none yet.</summary>
    public async Task<int> EnsurePublishedAsync(string formId, string title, Func<int, FormDefinition> build, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Forms.AsNoTracking().Where(f => f.Id == formId).Select(f => f.LatestVersion).SingleOrDefaultAsync(cancellationToken) is { } version)
                return version;
            if (!await db.Forms.AnyAsync(f => f.Id == formId, cancellationToken))
            {
                var now = clock.GetUtcNow();
                db.Forms.Add(new FormRecord { Id = formId, Title = title, CreatedUtc = now, UpdatedUtc = now });
                try { await db.SaveChangesAsync(cancellationToken); }
                catch (DbUpdateException) { /* another node made it at the same moment */ }
            }
        }
        try
        {
            await library.SaveDraftAsync(build(1), AuditActor.System, cancellationToken);
            return (await library.PublishDraftAsync(formId, AuditActor.System, cancellationToken)).Definition.Version;
        }
        catch (Exception e) when (e is FormLibraryException or DbUpdateException)
        {
            // Published meanwhile by another call: use that version.
            if (await library.GetPublishedAsync(formId, cancellationToken: cancellationToken) is { } published) return published.Definition.Version;
            throw;
        }
    }
}
