using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Grains.Audit;
using Portal.Grains.Forms;

namespace Portal.Grains.Identity;

/// <summary>
/// Removes accounts that were started and never finished: self-registrations whose link was never followed, and
/// invitations never accepted. Neither ever had a password, so nobody could have signed in with them; an account
/// with a patient record is never touched here. Each removal is audited. Safe to run on every node at once.
/// </summary>
public sealed partial class UnfinishedAccountSweeper(
    IDbContextFactory<PortalDbContext> dbFactory,
    IAuditLog audit,
    IOptions<AccountLifetimeOptions> options,
    TimeProvider clock,
    ILogger<UnfinishedAccountSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync("Unfinished account sweep", options.Value.SweepInterval, clock, SweepAsync, logger, stoppingToken);

    /// <summary>One pass; returns how many accounts were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var registrationsBefore = now - options.Value.UnfinishedRegistrationLifetime;
        var invitationsBefore = now - options.Value.InvitationLifetime;
        var removed = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var due = await db.Users
                .Where(u => !u.EmailConfirmed && u.PasswordHash == null && u.DeactivatedUtc == null)
                .Where(u => u.InvitedUtc == null
                    ? u.CreatedUtc < registrationsBefore && !db.UserRoles.Any(r => r.UserId == u.Id)
                    : u.InvitedUtc < invitationsBefore)
                .Where(u => !db.Patients.Any(p => p.Id == u.Id))
                .OrderBy(u => u.Id).Select(u => new { u.Id, Invited = u.InvitedUtc != null }).Take(BatchSize).ToListAsync(cancellationToken);
            if (due.Count == 0) return removed;

            var ids = due.Select(u => u.Id).ToList();
            // One statement, deleting only what is still unfinished (an invitation accepted since the query keeps its
            // account); the role rows go with their account (ON DELETE CASCADE).
            var deleted = await db.Users.Where(u => ids.Contains(u.Id) && u.PasswordHash == null && !u.EmailConfirmed).ExecuteDeleteAsync(cancellationToken);
            foreach (var account in due)
                await audit.WriteAsync(new AuditRecord(AuditActions.AccountExpired, AuditOutcomes.Success, AuditActor.System,
                    TargetId: $"{account.Id}:{(account.Invited ? "invitation" : "registration")}"), cancellationToken);
            removed += deleted;
            LogRemoved(deleted);
            if (due.Count < BatchSize) return removed;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unfinished accounts")]
    private partial void LogRemoved(int count);
}
