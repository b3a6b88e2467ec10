using Portal.Data.Audience;

namespace Portal.Grains.Audience;

/// <summary>A patient's profile as staff (and, for their own, the patient) see it.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientProfileView(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] string FullName,
    [property: Id(2)] ProfileDetails Details,
    [property: Id(3)] IReadOnlyList<DiagnosisView> Diagnoses,
    [property: Id(4)] IReadOnlyList<AppointmentView> Appointments,
    [property: Id(5)] DateTime? UpdatedUtc);

/// <summary>Everything about a patient that staff edit on the profile, identifying or not.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfileDetails
{
    [Id(0)] public DateOnly? DateOfBirth { get; init; }
    [Id(1)] public AdministrativeSex Sex { get; init; }
    [Id(2)] public string? Language { get; init; }
    [Id(3)] public string? Phone { get; init; }
    [Id(4)] public string? AddressLine { get; init; }
    [Id(5)] public string? City { get; init; }
    [Id(6)] public string? PostalCode { get; init; }
    [Id(7)] public string? TimeZone { get; init; }
    [Id(8)] public string? RecordNumber { get; init; }
    [Id(9)] public IReadOnlyList<string> RiskFlags { get; init; } = [];
    [Id(10)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(11)] public DateOnly? LastVisit { get; init; }

    /// <summary>The id the source system gave the patient (an EHR's, a CSV's), so a re-import updates.</summary>
    [Id(12)] public string? ExternalId { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record DiagnosisView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] CodeSystem System,
    [property: Id(2)] string Code,
    [property: Id(3)] string? Display,
    [property: Id(4)] DateOnly? Recorded);

[GenerateSerializer, Immutable]
public sealed record NewDiagnosis(
    [property: Id(0)] CodeSystem System,
    [property: Id(1)] string Code,
    [property: Id(2)] string? Display = null,
    [property: Id(3)] DateOnly? Recorded = null);

[GenerateSerializer, Immutable]
public sealed record AppointmentView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTime StartUtc,
    [property: Id(2)] AppointmentStatus Status,
    [property: Id(3)] string? Location,
    [property: Id(4)] string? Type,
    [property: Id(5)] string? Clinician);

/// <summary>An appointment to add, or to update when <see cref="ExternalId"/> matches one already imported.</summary>
[GenerateSerializer, Immutable]
public sealed record AppointmentUpdate(
    [property: Id(0)] DateTime StartUtc,
    [property: Id(1)] AppointmentStatus Status,
    [property: Id(2)] string? Location = null,
    [property: Id(3)] string? Type = null,
    [property: Id(4)] string? Clinician = null,
    [property: Id(5)] string? ExternalId = null);

/// <summary>The encrypted parts of an appointment, as stored.</summary>
internal sealed record AppointmentDetails(string? Location, string? Type, string? Clinician);

/// <summary>The encrypted parts of a diagnosis, as stored.</summary>
internal sealed record DiagnosisCode(string Code, string? Display);
