using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>
/// Who may open a patient's record: the patient, staff on the patient's care team, and staff holding
/// an unexpired emergency (break-glass) grant. Everyone else is refused: admins too, unless a care team
/// or a grant names them (least privilege).
/// </summary>
public sealed class PatientAccess(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<bool> MayOpenAsync(AuditActor actor, Guid patientId)
    {
        if (actor.Role == PortalRoles.Patient)
            return actor.UserId == patientId;
        if (actor.Role is not (PortalRoles.Staff or PortalRoles.Admin))
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.CareTeamMembers.AnyAsync(m => m.PatientId == patientId && m.StaffId == actor.UserId)
            || await db.BreakGlassGrants.AnyAsync(g => g.PatientId == patientId && g.StaffId == actor.UserId && g.ExpiresUtc > now);
    }

    /// <summary>The patients a staff member may list: their care team's, and any under an active grant.</summary>
    public async Task<List<Guid>> AccessiblePatientsAsync(Guid staffId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        var team = await db.CareTeamMembers.Where(m => m.StaffId == staffId).Select(m => m.PatientId).ToListAsync();
        var granted = await db.BreakGlassGrants.Where(g => g.StaffId == staffId && g.ExpiresUtc > now).Select(g => g.PatientId).ToListAsync();
        return team.Union(granted).ToList();
    }
}
