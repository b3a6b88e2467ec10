namespace Portal.Grains.Audience;

/// <summary>
/// One patient's profile, diagnoses and appointments, keyed by the patient's id: the single writer of those rows and
/// of the patient's blind-index tokens. Reads are the patient's own or their care team's, and audited.
/// </summary>
public interface IPatientProfileGrain : IGrainWithGuidKey
{
    Task<PatientProfileView?> GetProfileAsync(Audit.AuditActor actor);

    /// <summary>Staff set the profile (and may correct the name); returns why it was refused, or null.</summary>
    Task<string?> UpdateProfileAsync(string? fullName, ProfileDetails details, Audit.AuditActor actor);

    /// <summary>Adds a diagnosis (the same code twice is kept once); returns why it was refused, or null.</summary>
    Task<string?> AddDiagnosisAsync(NewDiagnosis diagnosis, Audit.AuditActor actor);

    Task<bool> RemoveDiagnosisAsync(Guid diagnosisId, Audit.AuditActor actor);

    /// <summary>Adds an appointment, or updates the one with the same external id; returns why it was refused, or null.</summary>
    Task<string?> SaveAppointmentAsync(AppointmentUpdate appointment, Audit.AuditActor actor);
}
