using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>Read-only list of a staff member's patients. Names are decrypted here and the listing is audited once.</summary>
public interface IPatientDirectory
{
    Task<IReadOnlyList<PatientSummary>> ListAsync(AuditActor actor, int limit = 200, CancellationToken cancellationToken = default);

    /// <summary>True when a patient record with this id exists (erased records included); reveals nothing else.</summary>
    Task<bool> ExistsAsync(Guid patientId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the staff member's patients, newest first, optionally found by name (every word), email, date of
    /// birth (YYYY-MM-DD) or record number, all through blind-index tokens: names are encrypted.
    /// </summary>
    Task<PatientPage> FindAsync(AuditActor actor, string? search, Guid? after, int pageSize = 50, CancellationToken cancellationToken = default);

    /// <summary>The ids of every patient the staff member may open (no names are read): for "all my patients".</summary>
    Task<IReadOnlyList<Guid>> AllIdsAsync(AuditActor actor, CancellationToken cancellationToken = default);
}

/// <summary>A page of patients and where the next one starts (null on the last page).</summary>
public sealed record PatientPage(IReadOnlyList<PatientSummary> Patients, Guid? Next);

public sealed class PatientDirectory(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, PatientKeyRing keyRing, PatientAccess access, IAuditLog audit,
    Audience.BlindIndex index, TimeProvider clock)
    : IPatientDirectory
{
    public async Task<IReadOnlyList<Guid>> AllIdsAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Visible(db, actor).Distinct().ToListAsync(cancellationToken);
    }

    // Visibility as a subquery: a staff member may care for a hundred thousand patients.
    private IQueryable<Guid> Visible(PortalDbContext db, AuditActor actor)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.CareTeamMembers.Where(m => m.StaffId == actor.UserId).Select(m => m.PatientId)
            .Concat(db.BreakGlassGrants.Where(g => g.StaffId == actor.UserId && g.ExpiresUtc > now).Select(g => g.PatientId));
    }

    public async Task<PatientPage> FindAsync(AuditActor actor, string? search, Guid? after, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = Visible(db, actor);
        var patients = db.Patients.AsNoTracking().Where(p => visible.Contains(p.Id));
        if (!string.IsNullOrWhiteSpace(search) && search.Trim().Length <= 200)
            patients = await MatchingAsync(db, patients, search.Trim());
        if (after is { } cursor)
            patients = patients.Where(p => p.Id.CompareTo(cursor) < 0);
        var rows = await patients.OrderByDescending(p => p.Id).Take(pageSize + 1)
            .Join(db.Users, p => p.Id, u => u.Id, (p, u) => new { p.Id, p.FullNameCipher, u.Email })
            .ToListAsync(cancellationToken);
        var page = new List<PatientSummary>(Math.Min(rows.Count, pageSize));
        foreach (var row in rows.Take(pageSize))
        {
            var key = await keyRing.FindAsync(row.Id, cancellationToken);
            page.Add(new PatientSummary(row.Id, key is null ? "(record erased)" : key.OpenText(PhiFields.PatientFullName, row.Id, row.FullNameCipher), await emails.OpenAsync(row.Id, row.Email)));
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.PatientDirectoryView, AuditOutcomes.Success, actor, TargetId: string.IsNullOrWhiteSpace(search) ? "list" : "search"), cancellationToken);
        return new PatientPage(page, rows.Count > pageSize ? page[^1].PatientId : null);
    }

    // A search is a date of birth, an email, or else a record number or the words of a name (each must match).
    private async Task<IQueryable<Data.Patients.Patient>> MatchingAsync(PortalDbContext db, IQueryable<Data.Patients.Patient> patients, string search)
    {
        IQueryable<Guid> With(Data.Audience.TokenKind kind, byte[] token) =>
            db.PatientTokens.Where(t => t.Kind == kind && t.Token == token).Select(t => t.PatientId);
        if (DateOnly.TryParseExact(search, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var born))
        {
            var dob = With(Data.Audience.TokenKind.DateOfBirth, await index.TokenAsync(Data.Audience.TokenKind.DateOfBirth, born.ToString("yyyy-MM-dd")));
            return patients.Where(p => dob.Contains(p.Id));
        }
        if (search.Contains('@'))
        {
            var email = With(Data.Audience.TokenKind.Email, await index.TokenAsync(Data.Audience.TokenKind.Email, search));
            return patients.Where(p => email.Contains(p.Id));
        }
        var record = With(Data.Audience.TokenKind.RecordNumber, await index.TokenAsync(Data.Audience.TokenKind.RecordNumber, search));
        var byName = patients;
        foreach (var word in Audience.BlindIndex.NameWords(search).Take(5))
        {
            var named = With(Data.Audience.TokenKind.NameWord, await index.TokenAsync(Data.Audience.TokenKind.NameWord, word));
            byName = byName.Where(p => named.Contains(p.Id));
        }
        var nameMatches = byName.Select(p => p.Id);
        return patients.Where(p => record.Contains(p.Id) || nameMatches.Contains(p.Id));
    }

    public async Task<bool> ExistsAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken);
    }

    public async Task<IReadOnlyList<PatientSummary>> ListAsync(AuditActor actor, int limit = 200, CancellationToken cancellationToken = default)
    {
        // Staff see their own patients only; the rest are reached through break-glass.
        var visible = await access.AccessiblePatientsAsync(actor.UserId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Patients.AsNoTracking()
            .Where(p => visible.Contains(p.Id))
            .Join(db.Users, p => p.Id, u => u.Id, (p, u) => new { p.Id, p.FullNameCipher, u.Email })
            .OrderBy(p => p.Id) // names are encrypted, so the cut is by id and the names are sorted once decrypted
            .Take(limit)
            .ToListAsync(cancellationToken);

        var result = new List<PatientSummary>(rows.Count);
        foreach (var row in rows)
        {
            var key = await keyRing.FindAsync(row.Id, cancellationToken);
            var name = key is null ? "(record erased)" : key.OpenText(PhiFields.PatientFullName, row.Id, row.FullNameCipher);
            result.Add(new PatientSummary(row.Id, name, await emails.OpenAsync(row.Id, row.Email)));
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.PatientDirectoryView, AuditOutcomes.Success, actor), cancellationToken);
        return result.OrderBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
