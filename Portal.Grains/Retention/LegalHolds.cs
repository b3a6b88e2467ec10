using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Retention;
using Portal.Grains.Audit;

namespace Portal.Grains.Retention;

/// <summary>Legal holds per patient: while one is active, retention disposes of nothing of that patient's.</summary>
public sealed class LegalHolds(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider clock)
{
    public async Task<bool> IsHeldAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LegalHolds.AnyAsync(h => h.PatientId == patientId && h.ReleasedUtc == null, cancellationToken);
    }

    public async Task<IReadOnlyList<LegalHold>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LegalHolds.AsNoTracking().Where(h => h.ReleasedUtc == null).OrderBy(h => h.PlacedUtc).ToListAsync(cancellationToken);
    }

    /// <summary>Places a hold; returns why it was refused, or null.</summary>
    public async Task<string?> PlaceAsync(Guid patientId, string? reference, AuditActor actor, CancellationToken cancellationToken = default)
    {
        reference = reference?.Trim() ?? "";
        if (reference.Length is 0 or > 200 || reference.Any(char.IsControl))
            return "Give the matter's reference (up to 200 characters), not clinical details.";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
            return "No patient has that id.";
        db.LegalHolds.Add(new LegalHold { Id = Guid.CreateVersion7(), PatientId = patientId, Reference = reference, PlacedBy = actor.UserId, PlacedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.LegalHoldPlaced, AuditOutcomes.Success, actor, patientId), cancellationToken);
        return null;
    }

    public async Task<bool> ReleaseAsync(Guid holdId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hold = await db.LegalHolds.SingleOrDefaultAsync(h => h.Id == holdId && h.ReleasedUtc == null, cancellationToken);
        if (hold is null) return false;
        (hold.ReleasedUtc, hold.ReleasedBy) = (clock.GetUtcNow().UtcDateTime, actor.UserId);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.LegalHoldReleased, AuditOutcomes.Success, actor, hold.PatientId), cancellationToken);
        return true;
    }
}
