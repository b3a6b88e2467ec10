using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Patients;

namespace Portal.Grains.Audience;

public sealed class PatientProfileGrain(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    PatientAccess access,
    PatientLookupTokens tokens,
    BlindIndex index,
    Identity.AccountEmails emails,
    IAuditLog audit,
    TimeProvider clock) : Grain, IPatientProfileGrain
{
    private Guid PatientId => this.GetPrimaryKey();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<PatientProfileView?> GetProfileAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.PatientProfileView);
        await using var db = await dbFactory.CreateDbContextAsync();
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == PatientId);
        var key = await keyRing.FindAsync(PatientId);
        if (patient is null || key is null)
        {
            await AuditAsync(AuditActions.PatientProfileView, AuditOutcomes.NotFound, actor);
            return null;
        }
        var profile = await db.PatientProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.PatientId == PatientId);
        var details = profile is not { DetailsCipher.Length: > 0 } ? new ProfileDetails() : Open(key, profile);
        var diagnoses = (await db.PatientDiagnoses.AsNoTracking().Where(d => d.PatientId == PatientId).ToListAsync())
            .Select(d => View(key, d)).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        var appointments = (await db.Appointments.AsNoTracking().Where(a => a.PatientId == PatientId).OrderByDescending(a => a.StartUtc).Take(100).ToListAsync())
            .Select(a => View(key, a)).ToList();
        await AuditAsync(AuditActions.PatientProfileView, AuditOutcomes.Success, actor);
        return new PatientProfileView(PatientId, key.OpenText(PhiFields.PatientFullName, PatientId, patient.FullNameCipher), details, diagnoses, appointments, profile?.UpdatedUtc);
    }

    public async Task<string?> UpdateProfileAsync(string? fullName, ProfileDetails details, AuditActor actor)
    {
        await DemandStaffAsync(actor);
        details = details with { RiskFlags = ProfileRules.CleanLabels(details.RiskFlags), Tags = ProfileRules.CleanLabels(details.Tags) };
        var problem = ProfileRules.Check(details, DateOnly.FromDateTime(Now))
            ?? (fullName is not null && (fullName.Trim().Length is 0 or > 200) ? "The name must be 1 to 200 characters." : null);
        if (problem is not null)
        {
            await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Failure, actor);
            return problem;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == PatientId);
        if (patient is null || await keyRing.FindAsync(PatientId) is not { } key)
            return "No such patient.";
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (fullName is not null)
        {
            patient.FullNameCipher = key.Seal(PhiFields.PatientFullName, PatientId, fullName.Trim());
            var email = await emails.OfAsync(db, PatientId);
            await PatientLookupTokens.ReplaceAsync(db, PatientId, PatientLookupTokens.IdentityKinds, await tokens.IdentityAsync(fullName, email));
        }
        await WriteProfileAsync(db, key, details);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Success, actor);
        return null;
    }

    public async Task<string?> AddDiagnosisAsync(NewDiagnosis diagnosis, AuditActor actor)
    {
        await DemandStaffAsync(actor);
        if (ProfileRules.Check(diagnosis) is { } problem)
        {
            await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Failure, actor);
            return problem;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await keyRing.FindAsync(PatientId) is not { } key || !await db.Patients.AnyAsync(p => p.Id == PatientId))
            return "No such patient.";
        var existing = await DiagnosesAsync(db, key);
        var code = BlindIndex.NormaliseCode(diagnosis.Code);
        if (existing.Any(d => d.System == diagnosis.System && BlindIndex.NormaliseCode(d.Code) == code))
            return null;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var id = Guid.CreateVersion7();
        db.PatientDiagnoses.Add(new PatientDiagnosis
        {
            Id = id, PatientId = PatientId, System = diagnosis.System, CreatedUtc = Now,
            RecordedUtc = diagnosis.Recorded?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            CodeCipher = key.Seal(PhiFields.DiagnosisCode, id, JsonSerializer.SerializeToUtf8Bytes(new DiagnosisCode(diagnosis.Code.Trim(), diagnosis.Display?.Trim()))),
        });
        await PatientLookupTokens.ReplaceAsync(db, PatientId, PatientLookupTokens.DiagnosisKinds,
            await tokens.DiagnosesAsync([.. existing.Select(d => (d.System, d.Code)), (diagnosis.System, diagnosis.Code)]));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Success, actor, id);
        return null;
    }

    public async Task<bool> RemoveDiagnosisAsync(Guid diagnosisId, AuditActor actor)
    {
        await DemandStaffAsync(actor);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await keyRing.FindAsync(PatientId) is not { } key) return false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var removed = await db.PatientDiagnoses.Where(d => d.Id == diagnosisId && d.PatientId == PatientId).ExecuteDeleteAsync() == 1;
        if (removed)
        {
            var rest = await DiagnosesAsync(db, key);
            await PatientLookupTokens.ReplaceAsync(db, PatientId, PatientLookupTokens.DiagnosisKinds, await tokens.DiagnosesAsync(rest.Select(d => (d.System, d.Code))));
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
        await AuditAsync(AuditActions.PatientProfileChanged, removed ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, diagnosisId);
        return removed;
    }

    public async Task<string?> SaveAppointmentAsync(AppointmentUpdate appointment, AuditActor actor)
    {
        await DemandStaffAsync(actor);
        if (ProfileRules.Check(appointment) is { } problem)
        {
            await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Failure, actor);
            return problem;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await keyRing.FindAsync(PatientId) is not { } key || !await db.Patients.AnyAsync(p => p.Id == PatientId))
            return "No such patient.";
        var externalToken = string.IsNullOrWhiteSpace(appointment.ExternalId) ? null : await index.TokenAsync(TokenKind.ExternalId, $"appointment:{appointment.ExternalId}");
        var row = externalToken is null ? null : await db.Appointments.SingleOrDefaultAsync(a => a.PatientId == PatientId && a.ExternalIdToken == externalToken);
        if (row is null)
            db.Appointments.Add(row = new Appointment { Id = Guid.CreateVersion7(), PatientId = PatientId, ExternalIdToken = externalToken });
        (row.StartUtc, row.Status, row.UpdatedUtc) = (DateTime.SpecifyKind(appointment.StartUtc, DateTimeKind.Utc), appointment.Status, Now);
        row.DetailsCipher = key.Seal(PhiFields.AppointmentDetails, row.Id,
            JsonSerializer.SerializeToUtf8Bytes(new AppointmentDetails(appointment.Location?.Trim(), appointment.Type?.Trim(), appointment.Clinician?.Trim())));
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Success, actor, row.Id);
        return null;
    }

    /// <summary>Writes the profile row (encrypted details, coarse values in clear) and its tokens, in the caller's transaction.</summary>
    private async Task WriteProfileAsync(PortalDbContext db, DataKey key, ProfileDetails details)
    {
        var row = await db.PatientProfiles.SingleOrDefaultAsync(p => p.PatientId == PatientId);
        if (row is null) db.PatientProfiles.Add(row = new PatientProfile { PatientId = PatientId });
        ProfileSealing.Apply(row, key, details, Now);
        await PatientLookupTokens.ReplaceAsync(db, PatientId, PatientLookupTokens.ProfileKinds, await tokens.ProfileAsync(details));
    }

    private async Task<List<DiagnosisView>> DiagnosesAsync(PortalDbContext db, DataKey key) =>
        [.. (await db.PatientDiagnoses.AsNoTracking().Where(d => d.PatientId == PatientId).ToListAsync()).Select(d => View(key, d))];

    private ProfileDetails Open(DataKey key, PatientProfile profile) =>
        JsonSerializer.Deserialize<ProfileDetails>(key.Open(PhiFields.PatientProfileDetails, PatientId, profile.DetailsCipher))!;

    private static DiagnosisView View(DataKey key, PatientDiagnosis d)
    {
        var code = JsonSerializer.Deserialize<DiagnosisCode>(key.Open(PhiFields.DiagnosisCode, d.Id, d.CodeCipher))!;
        return new DiagnosisView(d.Id, d.System, code.Code, code.Display, d.RecordedUtc is { } at ? DateOnly.FromDateTime(at) : null);
    }

    private static AppointmentView View(DataKey key, Appointment a)
    {
        var details = JsonSerializer.Deserialize<AppointmentDetails>(key.Open(PhiFields.AppointmentDetails, a.Id, a.DetailsCipher))!;
        return new AppointmentView(a.Id, a.StartUtc, a.Status, details.Location, details.Type, details.Clinician);
    }

    private async Task DemandAccessAsync(AuditActor actor, string action)
    {
        if (await access.MayOpenAsync(actor, PatientId)) return;
        await AuditAsync(action, AuditOutcomes.Denied, actor);
        throw new UnauthorizedAccessException("Not on this patient's care team.");
    }

    // Profiles are kept by the care team; a patient reads their own.
    private async Task DemandStaffAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.PatientProfileChanged);
        if (actor.Role == PortalRoles.Patient)
        {
            await AuditAsync(AuditActions.PatientProfileChanged, AuditOutcomes.Denied, actor);
            throw new UnauthorizedAccessException("The care team keeps the profile.");
        }
    }

    private Task AuditAsync(string action, string outcome, AuditActor actor, Guid? target = null) =>
        audit.WriteAsync(new AuditRecord(action, outcome, actor, PatientId, target?.ToString()));
}
