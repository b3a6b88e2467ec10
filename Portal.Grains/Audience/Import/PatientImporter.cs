using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;

namespace Portal.Grains.Audience.Import;

/// <summary>
/// Applies an import: patients first (matched by the source's external id), then their diagnoses and appointments.
/// New patients are created in batches in one transaction each (account without a password, record, data key,
/// profile, tokens, the importer on the care team): no grain owns a record before it exists. A patient already
/// known is updated through their profile grain, like any other change. Every row either applies whole or is
/// reported with its line and column, and nothing of it is stored.
/// </summary>
public sealed class PatientImporter(
    IDbContextFactory<PortalDbContext> dbFactory,
    Identity.AccountEmails accountEmails,
    IGrainFactory grains,
    PatientKeyRing keys,
    BlindIndex index,
    PatientLookupTokens tokens,
    IAuditLog audit,
    TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <param name="progress">Called after each batch with (rows done, rows in all).</param>
    public async Task<ImportResult> RunAsync(ImportBatch batch, AuditActor actor, Func<int, int, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        if (actor.Role is not (PortalRoles.Staff or PortalRoles.Admin)) throw new UnauthorizedAccessException("Staff and admins import patients.");
        var problems = new List<ImportProblem>(batch.Problems);
        var total = batch.Patients.Count + batch.Diagnoses.Count + batch.Appointments.Count;
        var (created, updated, done) = (0, 0, 0);
        var known = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);

        foreach (var chunk in batch.Patients.Chunk(BatchSize))
        {
            var (c, u) = await PatientsAsync(chunk, actor, known, problems, cancellationToken);
            (created, updated, done) = (created + c, updated + u, done + chunk.Length);
            if (progress is not null) await progress(done, total);
        }
        foreach (var chunk in batch.Diagnoses.Chunk(BatchSize))
        {
            foreach (var row in chunk)
                if (await PatientOfAsync(row.Line, row.PatientExternalId, known, problems) is { } id
                    && await AsImporterAsync(() => grains.GetGrain<IPatientProfileGrain>(id).AddDiagnosisAsync(row.Diagnosis, actor)) is { } problem)
                    problems.Add(new ImportProblem(row.Line, "code", problem));
            done += chunk.Length;
            if (progress is not null) await progress(done, total);
        }
        foreach (var chunk in batch.Appointments.Chunk(BatchSize))
        {
            foreach (var row in chunk)
                if (await PatientOfAsync(row.Line, row.PatientExternalId, known, problems) is { } id
                    && await AsImporterAsync(() => grains.GetGrain<IPatientProfileGrain>(id).SaveAppointmentAsync(row.Appointment, actor)) is { } problem)
                    problems.Add(new ImportProblem(row.Line, "appointment", problem));
            done += chunk.Length;
            if (progress is not null) await progress(done, total);
        }
        var rejected = problems.Select(p => p.Line).Distinct().Count();
        await audit.WriteAsync(new AuditRecord(AuditActions.PatientsImported, AuditOutcomes.Success, actor, TargetId: $"rows:{batch.Rows};created:{created};updated:{updated};rejected:{rejected}"), cancellationToken);
        return new ImportResult(batch.Rows, created, updated, rejected, [.. problems.OrderBy(p => p.Line)], batch.Skipped);
    }

    private async Task<(int Created, int Updated)> PatientsAsync(ImportedPatient[] rows, AuditActor actor, Dictionary<string, Guid> known, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var externalTokens = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows) externalTokens[row.ExternalId] = await index.TokenAsync(TokenKind.ExternalId, row.ExternalId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wanted = externalTokens.Values.ToList();
        var existing = (await db.PatientTokens.AsNoTracking().Where(t => t.Kind == TokenKind.ExternalId && wanted.Contains(t.Token)).ToListAsync(cancellationToken))
            .GroupBy(t => Convert.ToHexString(t.Token)).ToDictionary(g => g.Key, g => g.First().PatientId);
        // Accounts are found by their address's look-up token (addresses are sealed).
        var emailTokens = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in rows.Where(r => r.Email is not null).Select(r => r.Email!).Distinct(StringComparer.OrdinalIgnoreCase))
            emailTokens[email] = await accountEmails.LookupTokenAsync(email);
        var wantedEmails = emailTokens.Values.ToList();
        var owners = (await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && wantedEmails.Contains(u.NormalizedEmail))
            .Select(u => new { u.Id, u.NormalizedEmail }).ToListAsync(cancellationToken)).ToDictionary(u => u.NormalizedEmail!, u => u.Id);
        var takenEmails = emailTokens.Where(e => owners.ContainsKey(e.Value)).ToDictionary(e => e.Key, e => owners[e.Value], StringComparer.OrdinalIgnoreCase);
        var patientRole = await db.Roles.AsNoTracking().Where(r => r.NormalizedName == PortalRoles.Patient.ToUpperInvariant()).Select(r => r.Id).SingleAsync(cancellationToken);

        var (created, updated) = (0, 0);
        var fresh = new List<(ImportedPatient Row, Guid Id)>();
        var freshIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var freshEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (known.ContainsKey(row.ExternalId) || !freshIds.Add(row.ExternalId))
            {
                problems.Add(new ImportProblem(row.Line, "external_id", "This external id is on an earlier row of the same import."));
                continue;
            }
            if (existing.TryGetValue(Convert.ToHexString(externalTokens[row.ExternalId]), out var id))
            {
                // Known: an update through the patient's own grain, with the same rules as the profile page.
                if (row.Email is not null && takenEmails.TryGetValue(row.Email, out var owner) && owner != id)
                    problems.Add(new ImportProblem(row.Line, "email", "This email address belongs to another account."));
                else if (await AsImporterAsync(() => grains.GetGrain<IPatientProfileGrain>(id).UpdateProfileAsync(row.FullName, row.Details with { ExternalId = row.ExternalId }, actor)) is { } problem)
                    problems.Add(new ImportProblem(row.Line, "patient", problem));
                else { known[row.ExternalId] = id; updated++; }
                continue;
            }
            if (row.Email is not null && (takenEmails.ContainsKey(row.Email) || !freshEmails.Add(row.Email)))
            {
                problems.Add(new ImportProblem(row.Line, "email", "This email address belongs to another account."));
                continue;
            }
            fresh.Add((row, Guid.CreateVersion7()));
        }

        if (fresh.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (row, id) in fresh)
            {
                // An account with no password: the patient can be invited to set one. Identity's stamps as UserManager sets them.
                var user = new PortalUser
                {
                    Id = id, SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, CreatedUtc = now,
                };
                await accountEmails.AssignAsync(user, row.Email);
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = patientRole });
                var key = keys.CreateIn(db, id);
                db.Patients.Add(new Patient { Id = id, FullNameCipher = key.Seal(PhiFields.PatientFullName, id, row.FullName), CreatedUtc = now });
                var details = row.Details with { ExternalId = row.ExternalId };
                var profile = new PatientProfile { PatientId = id };
                ProfileSealing.Apply(profile, key, details, now);
                db.PatientProfiles.Add(profile);
                foreach (var (kind, token) in (await tokens.IdentityAsync(row.FullName, row.Email)).Concat(await tokens.ProfileAsync(details)).DistinctBy(t => (t.Item1, Convert.ToHexString(t.Item2))))
                    db.PatientTokens.Add(new PatientToken { PatientId = id, Kind = kind, Token = token });
                db.CareTeamMembers.Add(new CareTeamMember { PatientId = id, StaffId = actor.UserId, AddedUtc = now });
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // One entry per record created, written together (the audit log commits them as a group).
            await Task.WhenAll(fresh.Select(f => audit.WriteAsync(new AuditRecord(AuditActions.PatientCreated, AuditOutcomes.Success, actor, f.Id), cancellationToken)));
            foreach (var (row, id) in fresh) known[row.ExternalId] = id;
            created = fresh.Count;
        }
        return (created, updated);
    }

    // A known patient is changed only by someone on their care team, as on the profile page; anyone else's row is refused.
    private static async Task<string?> AsImporterAsync(Func<Task<string?>> change)
    {
        try { return await change(); }
        catch (UnauthorizedAccessException) { return "This patient is not on your care team."; }
    }

    // A diagnosis or appointment row names its patient by external id: from this import, or one before it.
    private async Task<Guid?> PatientOfAsync(int line, string externalId, Dictionary<string, Guid> known, List<ImportProblem> problems)
    {
        if (known.TryGetValue(externalId, out var id)) return id;
        var token = await index.TokenAsync(TokenKind.ExternalId, externalId);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.PatientTokens.AsNoTracking().Where(t => t.Kind == TokenKind.ExternalId && t.Token == token).Select(t => (Guid?)t.PatientId).FirstOrDefaultAsync() is { } found)
            return known[externalId] = found;
        problems.Add(new ImportProblem(line, "patient_external_id", "No patient has this external id: import the patient first."));
        return null;
    }
}
