using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Data.Patients;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>
/// Emergency access to a record outside one's care team: an explicit reason, a short time box,
/// an audit entry, and an alert to every admin (the alert names no patient).
/// </summary>
public sealed class BreakGlassAccess(IDbContextFactory<PortalDbContext> dbFactory, PatientKeyRing keyRing, IAuditLog audit, OutboxSignal signal, TimeProvider clock)
{
    public const int MinimumReasonLength = 20;
    public const int MaximumReasonLength = 1000;
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(1);

    /// <summary>Returns a reason the request is refused, or null when it is acceptable.</summary>
    public static string? Check(string? reason, TimeSpan duration)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinimumReasonLength)
            return $"Explain why you need emergency access (at least {MinimumReasonLength} characters).";
        if (reason.Length > MaximumReasonLength)
            return $"Keep the reason under {MaximumReasonLength} characters.";
        if (duration <= TimeSpan.Zero || duration > MaximumDuration)
            return $"Emergency access lasts at most {MaximumDuration.TotalMinutes:0} minutes.";
        return null;
    }

    public async Task<Guid> GrantAsync(AuditActor staff, Guid patientId, string reason, TimeSpan duration)
    {
        if (Check(reason, duration) is { } problem)
            throw new ArgumentException(problem, nameof(reason));
        if (staff.Role is not (PortalRoles.Staff or PortalRoles.Admin))
            throw new UnauthorizedAccessException("Only staff may use emergency access.");
        var key = await keyRing.FindAsync(patientId) ?? throw new KeyNotFoundException("No such patient.");

        var now = clock.GetUtcNow().UtcDateTime;
        var grant = new BreakGlassGrant
        {
            Id = Guid.CreateVersion7(),
            StaffId = staff.UserId,
            PatientId = patientId,
            GrantedUtc = now,
            ExpiresUtc = now + duration,
        };
        grant.ReasonCipher = key.Seal(PhiFields.BreakGlassReason, grant.Id, reason.Trim());

        await using var db = await dbFactory.CreateDbContextAsync();
        db.BreakGlassGrants.Add(grant);
        var admins = await db.UserRoles
            .Join(db.Roles.Where(r => r.Name == PortalRoles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .ToListAsync();
        foreach (var admin in admins)
            db.Outbox.Add(OutboxWriter.NewRow(OutboxKind.BreakGlassAlert, admin, grant.Id, now));
        await db.SaveChangesAsync();
        signal.Notify();

        await audit.WriteAsync(new AuditRecord(AuditActions.BreakGlassGranted, AuditOutcomes.Success, staff, patientId, grant.Id.ToString()));
        return grant.Id;
    }
}
