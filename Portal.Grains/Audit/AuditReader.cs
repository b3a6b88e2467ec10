using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Grains.Audit;

/// <summary>A page of the audit log, newest first, with the user names of the actors in it.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntry> Entries, IReadOnlyDictionary<Guid, string> ActorNames);

/// <summary>Reads the audit log for administrators; the caller audits the viewing itself.</summary>
public interface IAuditReader
{
    Task<AuditLogPage> ReadAsync(Guid? patientId, string? action, int limit, CancellationToken cancellationToken = default);
}

public sealed class AuditReader(IDbContextFactory<PortalDbContext> dbFactory) : IAuditReader
{
    public async Task<AuditLogPage> ReadAsync(Guid? patientId, string? action, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (patientId is { } patient) query = query.Where(e => e.PatientId == patient);
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(e => e.Action == action);
        var entries = await query.OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);

        var actorIds = entries.Where(e => e.ActorId is not null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", cancellationToken);
        return new AuditLogPage(entries, names);
    }
}
