using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Patients;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Every form assignment of the patients a staff member's care team holds, read in one query
/// rather than through each patient's grain (a clinic's list runs to thousands of patients), with
/// one audit entry for the listing: which form a patient was given can itself say something about
/// their health. Assigning and filling stay with each patient's grain, the single writer.
/// </summary>
public sealed class CareTeamAssignments(IDbContextFactory<PortalDbContext> dbFactory, PatientAccess access, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<AssignmentSummary>> ListAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        var patients = await access.AccessiblePatientsAsync(actor.UserId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FormAssignments.AsNoTracking().Where(a => patients.Contains(a.PatientId)).ToListAsync(cancellationToken);
        var titles = await FormTitles.LookupAsync(db, rows.Select(r => r.FormId));
        var now = clock.GetUtcNow().UtcDateTime;
        await audit.WriteAsync(new AuditRecord(AuditActions.FormAssignmentsView, AuditOutcomes.Success, actor), cancellationToken);
        return [.. rows.OrderBy(r => r.SubmittedUtc is not null).ThenBy(r => r.DueUtc).Select(r => PatientFormsGrain.Summarise(r, titles, now))];
    }
}
