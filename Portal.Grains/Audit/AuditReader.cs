using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Grains.Audit;

/// <summary>A page of the audit log, newest first, with the user names of the actors in it.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntry> Entries, IReadOnlyDictionary<Guid, string> ActorNames);

/// <summary>Which entries an export holds; every part optional.</summary>
public sealed record AuditFilter(Guid? PatientId = null, Guid? ActorId = null, string? Action = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

/// <summary>One exported entry, with its place in the chain so the export can be checked against it.</summary>
public sealed record AuditExportRow(long? Sequence, DateTime TimestampUtc, Guid? ActorId, string? ActorName, string? ActorRole, string Action, string Outcome,
    Guid? PatientId, string? TargetId, string? SourceIp, string? Hash);

/// <summary>Reads the audit log for administrators; the caller audits the viewing itself.</summary>
public interface IAuditReader
{
    Task<AuditLogPage> ReadAsync(Guid? patientId, string? action, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every entry matching <paramref name="filter"/>, oldest first, read in pages so any size streams.</summary>
    IAsyncEnumerable<AuditExportRow> ExportAsync(AuditFilter filter, CancellationToken cancellationToken = default);
}

public sealed class AuditReader(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails) : IAuditReader
{
    public async Task<AuditLogPage> ReadAsync(Guid? patientId, string? action, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (patientId is { } patient) query = query.Where(e => e.PatientId == patient);
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(e => e.Action == action);
        var entries = await query.OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);

        var actorIds = entries.Where(e => e.ActorId is not null).Select(e => e.ActorId!.Value).Distinct().ToList();
        return new AuditLogPage(entries, await emails.OfAsync(actorIds, cancellationToken));
    }

    public async IAsyncEnumerable<AuditExportRow> ExportAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int pageSize = 2000;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        var after = long.MinValue;
        while (true)
        {
            var query = db.AuditEntries.AsNoTracking().Where(e => e.Id > after);
            if (filter.PatientId is { } patient) query = query.Where(e => e.PatientId == patient);
            if (filter.ActorId is { } actor) query = query.Where(e => e.ActorId == actor);
            if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action);
            if (filter.FromUtc is { } from) query = query.Where(e => e.TimestampUtc >= from);
            if (filter.ToUtc is { } to) query = query.Where(e => e.TimestampUtc < to);
            var page = await query.OrderBy(e => e.Id).Take(pageSize).ToListAsync(cancellationToken);
            if (page.Count == 0) yield break;

            var unknown = page.Where(e => e.ActorId is { } id && !names.ContainsKey(id)).Select(e => e.ActorId!.Value).Distinct().ToList();
            foreach (var (id, email) in await emails.OfAsync(unknown, cancellationToken))
                names[id] = email;
            foreach (var e in page)
                yield return new AuditExportRow(e.Sequence, e.TimestampUtc, e.ActorId, e.ActorId is { } id && names.TryGetValue(id, out var name) ? name : null,
                    e.ActorRole, e.Action, e.Outcome, e.PatientId, e.TargetId, e.SourceIp, e.Hash is null ? null : Convert.ToHexString(e.Hash));
            after = page[^1].Id;
        }
    }
}
