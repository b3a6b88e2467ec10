using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Grains.Identity;
using Portal.Grains.Patients;

namespace Portal.Grains.Audit;

/// <summary>One access to or disclosure of a patient's record by someone other than the patient.</summary>
public sealed record Disclosure(DateTime AtUtc, string Who, string Role, string What, string? Reference);

/// <summary>
/// The accounting of disclosures of one patient's record (HIPAA 45 CFR 164.528): who saw or sent what, and when,
/// over the last six years, read from the audit trail. Staff who may open the record and the patient themselves can
/// read it; each reading is audited.
/// </summary>
public interface IDisclosureReport
{
    /// <summary>Null when <paramref name="actor"/> may not open this patient's record.</summary>
    Task<IReadOnlyList<Disclosure>?> ForPatientAsync(Guid patientId, AuditActor actor, CancellationToken cancellationToken = default);
}

public sealed class DisclosureReport(IDbContextFactory<PortalDbContext> dbFactory, PatientAccess access, IAuditLog audit, TimeProvider clock) : IDisclosureReport
{
    /// <summary>How far back an accounting reaches (164.528(a): six years).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(6 * 365 + 2);

    /// <summary>The actions that show or send something of the record, as a patient would read them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Described = new Dictionary<string, string>
    {
        [AuditActions.PatientView] = "Opened your record",
        [AuditActions.PatientMessagesView] = "Viewed your messages",
        [AuditActions.MessageView] = "Read a message",
        [AuditActions.MessageSend] = "Sent you a secure message",
        [AuditActions.MessageNotify] = "Emailed you a message notice",
        [AuditActions.MessageRecall] = "Recalled a message",
        [AuditActions.AttachmentDownload] = "Downloaded an attachment",
        [AuditActions.FormAssigned] = "Asked you to fill a form",
        [AuditActions.FormAssignmentsView] = "Viewed your forms",
        [AuditActions.FormSubmissionView] = "Read a form you submitted",
        [AuditActions.FormSubmissionExport] = "Exported a form you submitted (PDF)",
        [AuditActions.FormFileDownload] = "Downloaded a file you uploaded",
        [AuditActions.BreakGlassGranted] = "Used emergency access to your record",
        [AuditActions.RecipientCertificateAdded] = "Added an encryption certificate for your email",
        [AuditActions.RecipientPgpKeyAdded] = "Added an OpenPGP key for your email",
        [AuditActions.RecipientKeyRemoved] = "Removed an encryption key for your email",
        [AuditActions.AuditExported] = "Exported audit entries about your record",
        [AuditActions.DisclosuresView] = "Viewed who has seen your record",
        [AuditActions.PatientErased] = "Erased your record",
    };

    public async Task<IReadOnlyList<Disclosure>?> ForPatientAsync(Guid patientId, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!await access.MayOpenAsync(actor, patientId))
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.DisclosuresView, AuditOutcomes.Denied, actor, patientId), cancellationToken);
            return null;
        }
        var since = clock.GetUtcNow().UtcDateTime - Period;
        var actions = Described.Keys.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.PatientId == patientId && e.TimestampUtc >= since && e.Outcome == AuditOutcomes.Success
                && actions.Contains(e.Action) && (e.ActorId == null || e.ActorId != patientId))
            .OrderByDescending(e => e.TimestampUtc).ThenByDescending(e => e.Id)
            .Select(e => new { e.TimestampUtc, e.ActorId, e.ActorRole, e.Action, e.TargetId })
            .ToListAsync(cancellationToken);
        var actorIds = rows.Where(r => r.ActorId is not null).Select(r => r.ActorId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.DisclosuresView, AuditOutcomes.Success, actor, patientId), cancellationToken);
        return [.. rows.Select(r => new Disclosure(r.TimestampUtc,
            r.ActorId is { } id && id != Guid.Empty ? names.GetValueOrDefault(id) is { Length: > 0 } name ? name : "A former staff member" : "The portal",
            RoleName(r.ActorRole), Described[r.Action], r.TargetId))];
    }

    private static string RoleName(string? role) => role switch
    {
        PortalRoles.Staff => "Staff",
        PortalRoles.Admin => "Administrator",
        PortalRoles.Marketer => "Marketing",
        _ => "System",
    };
}
