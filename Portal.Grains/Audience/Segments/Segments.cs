using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audit;

namespace Portal.Grains.Audience.Segments;

/// <summary>A saved segment as listed.</summary>
public sealed record SegmentSummary(Guid Id, string Name, SegmentGroup Definition, DateTime UpdatedUtc);

/// <summary>One row of a segment's sample: coarse values only, under a pseudonym that opens nothing.</summary>
public sealed record SegmentSampleRow(string Pseudonym, string AgeBand, AdministrativeSex Sex, string? Language, string? PostalPrefix);

/// <summary>Saved segments, their live counts and a small pseudonymous sample, all evaluated in the database.</summary>
public sealed class Segments(IDbContextFactory<PortalDbContext> dbFactory, SegmentQuery query, IAuditLog audit, TimeProvider clock)
{
    public const int SampleSize = 10;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<int> CountAsync(SegmentGroup definition, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (await query.BuildAsync(db, definition)).CountAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SegmentSampleRow>> SampleAsync(SegmentGroup definition, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (await query.BuildAsync(db, definition)).OrderBy(p => p.PatientId).Take(SampleSize)
            .Select(p => new { p.PatientId, p.BirthYear, p.Sex, p.Language, p.PostalPrefix }).ToListAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.SegmentPreviewed, AuditOutcomes.Success, actor, TargetId: $"sample:{rows.Count}"), cancellationToken);
        var year = clock.GetUtcNow().Year;
        return [.. rows.Select((r, i) => new SegmentSampleRow($"Patient {i + 1}", AgeBand(r.BirthYear, year), r.Sex, r.Language, r.PostalPrefix))];
    }

    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Segments.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    public async Task<SegmentSummary?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is { } row ? Summary(row) : null;
    }

    /// <summary>Saves a new segment (no id) or changes one; returns its id, or why it was refused.</summary>
    public async Task<(Guid? Id, string? Problem)> SaveAsync(Guid? id, string name, SegmentGroup definition, AuditActor actor, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        var problem = (name.Length is 0 or > 120 || name.Any(char.IsControl) ? "Give the segment a name of up to 120 characters." : null) ?? SegmentRules.Check(definition);
        if (problem is not null) return (null, problem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Segments.AnyAsync(s => s.Name == name && s.Id != id, cancellationToken)) return (null, "Another segment has that name.");
        var now = clock.GetUtcNow().UtcDateTime;
        var row = id is { } existing ? await db.Segments.SingleOrDefaultAsync(s => s.Id == existing, cancellationToken) : null;
        if (id is not null && row is null) return (null, "No such segment.");
        if (row is null) db.Segments.Add(row = new Segment { Id = Guid.CreateVersion7(), CreatedBy = actor.UserId, CreatedUtc = now });
        (row.Name, row.DefinitionJson, row.UpdatedBy, row.UpdatedUtc) = (name, JsonSerializer.Serialize(definition, Json), actor.UserId, now);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.SegmentSaved, AuditOutcomes.Success, actor, TargetId: row.Id.ToString()), cancellationToken);
        return (row.Id, null);
    }

    /// <summary>Ten-year bands, so a sample row cannot single out a birth year.</summary>
    public static string AgeBand(int? birthYear, int year) => birthYear is { } born ? $"{(year - born) / 10 * 10}–{(year - born) / 10 * 10 + 9}" : "unknown";

    private static SegmentSummary Summary(Segment row) => new(row.Id, row.Name, JsonSerializer.Deserialize<SegmentGroup>(row.DefinitionJson, Json)!, row.UpdatedUtc);
}
