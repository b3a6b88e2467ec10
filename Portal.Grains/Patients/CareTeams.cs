using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Patients;
using Portal.Grains.Audit;

namespace Portal.Grains.Patients;

/// <summary>One staff member on one patient's care team, as an administrator sees it (sign-in addresses, no PHI).</summary>
public sealed record CareTeamListing(string StaffEmail, string PatientEmail, DateTime AddedUtc);

/// <summary>Which staff members care for which patients: the rule behind who may open a record without break-glass.</summary>
public interface ICareTeams
{
    /// <summary>Puts a staff member on a patient's care team (idempotent) and audits the change.</summary>
    Task AddAsync(Guid staffId, Guid patientId, AuditActor? actor = null);

    /// <summary>The most recent memberships first.</summary>
    Task<IReadOnlyList<CareTeamListing>> ListAsync(int limit, CancellationToken cancellationToken = default);
}

public sealed class CareTeams(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, IAuditLog audit, TimeProvider clock) : ICareTeams
{
    public async Task AddAsync(Guid staffId, Guid patientId, AuditActor? actor = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.CareTeamMembers.AnyAsync(m => m.StaffId == staffId && m.PatientId == patientId))
            return;
        db.CareTeamMembers.Add(new CareTeamMember { StaffId = staffId, PatientId = patientId, AddedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        await audit.WriteAsync(new AuditRecord(AuditActions.CareTeamChanged, AuditOutcomes.Success, actor, patientId, staffId.ToString()));
    }

    public async Task<IReadOnlyList<CareTeamListing>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.CareTeamMembers.OrderByDescending(m => m.AddedUtc).Take(limit).ToListAsync(cancellationToken);
        var addresses = await emails.OfAsync([.. rows.Select(r => r.StaffId), .. rows.Select(r => r.PatientId)], cancellationToken);
        return [.. rows.Select(r => new CareTeamListing(addresses.GetValueOrDefault(r.StaffId, ""), addresses.GetValueOrDefault(r.PatientId, ""), r.AddedUtc))];
    }
}
