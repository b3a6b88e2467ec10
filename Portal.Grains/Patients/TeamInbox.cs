using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>Which replies the team inbox lists.</summary>
public enum TeamInboxFilter { All, Unread, AssignedToMe }

/// <summary>One page of the team inbox, with counts over all the replies the reader may see.</summary>
public sealed record TeamInboxPage(IReadOnlyList<InboxItem> Items, int Total, int Unread, int AssignedToMe, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The team inbox read in one query: patients' replies across the reader's care-team patients (and
/// any under an emergency grant), newest first, a page at a time. Reading only, so it does not go
/// through each patient's grain; it decrypts only the subjects on the page and writes one audit entry
/// for the listing. Marking read and assigning stay with the patient's grain, the single writer.
/// </summary>
public sealed class TeamInbox(IDbContextFactory<PortalDbContext> dbFactory, PatientAccess access, PatientKeyRing keyRing, IAuditLog audit, TimeProvider clock)
{
    public const int DefaultPageSize = 25;

    public async Task<TeamInboxPage> ListAsync(AuditActor actor, TeamInboxFilter filter = TeamInboxFilter.All, int page = 1, int pageSize = DefaultPageSize)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var patients = await access.AccessiblePatientsAsync(actor.UserId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var replies = db.SecureMessages.AsNoTracking().Where(m => m.FromPatient && patients.Contains(m.PatientId));
        var total = await replies.CountAsync();
        var unread = await replies.CountAsync(m => m.StaffReadUtc == null);
        var mine = await replies.CountAsync(m => m.AssignedStaffId == actor.UserId);
        var filtered = filter switch
        {
            TeamInboxFilter.Unread => replies.Where(m => m.StaffReadUtc == null),
            TeamInboxFilter.AssignedToMe => replies.Where(m => m.AssignedStaffId == actor.UserId),
            _ => replies,
        };
        var shown = filter switch { TeamInboxFilter.Unread => unread, TeamInboxFilter.AssignedToMe => mine, _ => total };
        var rows = await filtered.OrderByDescending(m => m.SentUtc).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();

        var now = clock.GetUtcNow().UtcDateTime;
        var items = new List<InboxItem>(rows.Count);
        foreach (var m in rows)
        {
            var key = await keyRing.FindAsync(m.PatientId);
            var state = key is null ? MessageState.Erased : MessageLifetime.StateOf(m, now);
            var subject = state == MessageState.Active
                ? key!.OpenText(PhiFields.MessageSubject, m.Id, m.SubjectCipher)
                : "(not available)";
            items.Add(new InboxItem(m.Id, subject, "Patient", m.SentUtc, m.ReadUtc, m.DeliveryMethod, m.PolicyReason, m.ThreadId, true, state,
                m.StaffReadUtc, m.AssignedStaffId, m.PatientId, DeliveryEvidence: null));
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.TeamInboxView, AuditOutcomes.Success, actor, null, $"{filter}:{page}:{items.Count}"));
        return new TeamInboxPage(items, shown, unread, mine, page, pageSize);
    }
}
