namespace Portal.Grains.Audience.Import;

/// <summary>One patient as a source gave it; <see cref="Line"/> is where (a CSV line, a bundle entry).</summary>
public sealed record ImportedPatient(int Line, string ExternalId, string FullName, string? Email, ProfileDetails Details);

public sealed record ImportedDiagnosis(int Line, string PatientExternalId, NewDiagnosis Diagnosis);

public sealed record ImportedAppointment(int Line, string PatientExternalId, AppointmentUpdate Appointment);

/// <summary>Why a row was not stored: where and what, never the value (it may be PHI).</summary>
public sealed record ImportProblem(int Line, string Column, string Problem);

/// <summary>What a source held, already checked field by field; rows with problems are not in it.</summary>
public sealed class ImportBatch
{
    public List<ImportedPatient> Patients { get; } = [];
    public List<ImportedDiagnosis> Diagnoses { get; } = [];
    public List<ImportedAppointment> Appointments { get; } = [];
    public List<ImportProblem> Problems { get; } = [];

    /// <summary>Rows (or resources) read, rejected ones included.</summary>
    public int Rows { get; set; }

    /// <summary>FHIR resources of types the import does not use, by type.</summary>
    public Dictionary<string, int> Skipped { get; } = [];
}

/// <summary>What an import did.</summary>
public sealed record ImportResult(int Rows, int Created, int Updated, int Rejected, IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, int> Skipped);
