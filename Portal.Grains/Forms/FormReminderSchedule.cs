using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Grains.Outbox;
using Portal.Data.Forms;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Forms;

/// <summary>
/// Reminders are rows, not timers: each assignment carries the time its next reminder is due, and a sweep turns due
/// reminders into outbox mail. A silo that dies loses nothing; another sweep (on any silo) picks the rows up.
/// </summary>
public sealed class FormReminderSchedule(IDbContextFactory<PortalDbContext> dbFactory, IOptions<FormRemindersOptions> options, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>The first reminder of a new assignment: the lead time before the due date, or at the due date if that is already past.</summary>
    public DateTime FirstReminder(FormAssignment assignment)
    {
        var dueSoon = assignment.DueUtc - options.Value.LeadTime;
        return dueSoon > assignment.AssignedUtc ? dueSoon : assignment.DueUtc;
    }

    /// <summary>Queues every reminder that has come due; returns how many were queued.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.FormAssignments.AsNoTracking()
            .Where(a => a.NextReminderUtc != null && a.NextReminderUtc <= now && a.SubmittedUtc == null)
            .OrderBy(a => a.NextReminderUtc)
            .Select(a => new { a.Id, a.PatientId, a.DueUtc, a.NextReminderUtc })
            .Take(200)
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var a in due)
        {
            var overdue = now >= a.DueUtc;
            DateTime? next = overdue ? null : a.DueUtc;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Claiming the row by its old schedule means two sweepers never send the same reminder.
            var claimed = await db.FormAssignments
                .Where(x => x.Id == a.Id && x.NextReminderUtc == a.NextReminderUtc && x.SubmittedUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextReminderUtc, next).SetProperty(x => x.RemindersSent, x => x.RemindersSent + 1), cancellationToken);
            if (claimed != 1)
                continue;
            db.Outbox.Add(OutboxWriter.NewRow(overdue ? OutboxKind.FormOverdue : OutboxKind.FormDueSoon, a.PatientId, a.Id, now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            queued++;
        }
        if (queued > 0)
            signal.Notify();
        return queued;
    }
}
