using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>Read-only list of a staff member's patients. Names are decrypted here and the listing is audited once.</summary>
public interface IPatientDirectory
{
    Task<IReadOnlyList<PatientSummary>> ListAsync(AuditActor actor, int limit = 200, CancellationToken cancellationToken = default);

    /// <summary>True when a patient record with this id exists (erased records included); reveals nothing else.</summary>
    Task<bool> ExistsAsync(Guid patientId, CancellationToken cancellationToken = default);
}

public sealed class PatientDirectory(IDbContextFactory<PortalDbContext> dbFactory, PatientKeyRing keyRing, PatientAccess access, IAuditLog audit)
    : IPatientDirectory
{
    public async Task<bool> ExistsAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken);
    }

    public async Task<IReadOnlyList<PatientSummary>> ListAsync(AuditActor actor, int limit = 200, CancellationToken cancellationToken = default)
    {
        // Staff see their own patients only; the rest are reached through break-glass.
        var visible = await access.AccessiblePatientsAsync(actor.UserId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Patients.AsNoTracking()
            .Where(p => visible.Contains(p.Id))
            .Join(db.Users, p => p.Id, u => u.Id, (p, u) => new { p.Id, p.FullNameCipher, u.Email })
            .OrderBy(p => p.Id) // names are encrypted, so the cut is by id and the names are sorted once decrypted
            .Take(limit)
            .ToListAsync(cancellationToken);

        var result = new List<PatientSummary>(rows.Count);
        foreach (var row in rows)
        {
            var key = await keyRing.FindAsync(row.Id, cancellationToken);
            var name = key is null ? "(record erased)" : key.OpenText(PhiFields.PatientFullName, row.Id, row.FullNameCipher);
            result.Add(new PatientSummary(row.Id, name, row.Email));
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.PatientDirectoryView, AuditOutcomes.Success, actor), cancellationToken);
        return result.OrderBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
