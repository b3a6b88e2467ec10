using Microsoft.EntityFrameworkCore;
using Portal.Data.Audit;
using Portal.Data;

namespace Portal.Grains.Audit;

/// <summary>Appends audit entries to the database, in UTC.</summary>
public sealed class DatabaseAuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IAuditLog
{
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            TimestampUtc = clock.GetUtcNow().UtcDateTime,
            ActorId = record.Actor?.UserId,
            ActorRole = record.Actor?.Role,
            SourceIp = record.Actor?.SourceIp,
            PatientId = record.PatientId,
            Action = record.Action,
            Outcome = record.Outcome,
            TargetId = record.TargetId,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
