using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Portal.Data.Audience;
using Appointment = Hl7.Fhir.Model.Appointment;
using AppointmentStatus = Portal.Data.Audience.AppointmentStatus;
using CodeSystem = Portal.Data.Audience.CodeSystem;

namespace Portal.Grains.Audience.Import;

/// <summary>
/// Reads a FHIR R4 Bundle (as EHRs and Synthea export them) of Patient, Condition, Appointment and Encounter
/// resources into checked rows; other resource types are counted and skipped. A patient's external id is their
/// medical record number (identifier of type MR) or else the resource id, so a second export of the same records
/// updates them. Problems name the entry, never a value.
/// </summary>
public static class FhirBundleReader
{
    private const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    private const string Snomed = "http://snomed.info/sct";

    public static ImportBatch Read(string json, DateOnly today)
    {
        var batch = new ImportBatch();
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // The parser's position, not its message (which can quote the text).
            batch.Problems.Add(new ImportProblem((int)(e.LineNumber ?? 0) + 1, "json", $"This is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})."));
            return batch;
        }
        Resource? resource;
        try
        {
            resource = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich)).DeserializeResource(json);
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException or JsonException or InvalidOperationException)
        {
            batch.Problems.Add(new ImportProblem(1, "resourceType", "This JSON is not a FHIR R4 resource."));
            return batch;
        }
        if (resource is not Bundle bundle)
        {
            // Only a FHIR type's own name is repeated: the file's text is never echoed.
            var found = resource?.TypeName is { } name && ModelInfo.IsKnownResource(name) ? name : "no FHIR R4 resource type";
            batch.Problems.Add(new ImportProblem(1, "resourceType", $"Expected a Bundle, found {found}."));
            return batch;
        }

        // References name patients by fullUrl (urn:uuid:..., as in Synthea's transaction bundles) or Patient/{id}.
        var patients = new Dictionary<string, ImportedPatient>(StringComparer.Ordinal);
        var entries = bundle.Entry.Select((entry, i) => (Entry: entry, Line: i + 1)).ToList();
        foreach (var (entry, line) in entries)
        {
            batch.Rows++;
            switch (entry.Resource)
            {
                case Patient patient when PatientRow(patient, line, today, batch) is { } row:
                    batch.Patients.Add(row);
                    if (entry.FullUrl is { } url) patients[url] = row;
                    if (patient.Id is { } id) patients[$"Patient/{id}"] = row;
                    break;
                case Patient or Condition or Appointment or Encounter:
                    break;
                case { } other:
                    batch.Skipped[other.TypeName] = batch.Skipped.GetValueOrDefault(other.TypeName) + 1;
                    break;
                default:
                    batch.Problems.Add(new ImportProblem(line, "resource", "This entry holds no resource."));
                    break;
            }
        }
        var lastVisits = new Dictionary<string, DateOnly>();
        foreach (var (entry, line) in entries)
        {
            switch (entry.Resource)
            {
                case Condition condition:
                    ConditionRow(condition, line, patients, batch);
                    break;
                case Appointment appointment:
                    AppointmentRow(appointment, line, patients, batch);
                    break;
                case Encounter encounter when Subject(encounter.Subject, patients) is { } patient && Ended(encounter) is { } ended && ended <= today:
                    if (!lastVisits.TryGetValue(patient.ExternalId, out var latest) || ended > latest) lastVisits[patient.ExternalId] = ended;
                    break;
            }
        }
        // The latest encounter is the patient's last visit, unless the Patient resource said a later one.
        for (var i = 0; i < batch.Patients.Count; i++)
            if (lastVisits.TryGetValue(batch.Patients[i].ExternalId, out var visit) && (batch.Patients[i].Details.LastVisit is not { } said || said < visit))
                batch.Patients[i] = batch.Patients[i] with { Details = batch.Patients[i].Details with { LastVisit = visit } };
        return batch;
    }

    private static ImportedPatient? PatientRow(Patient patient, int line, DateOnly today, ImportBatch batch)
    {
        var mrn = patient.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "MR") == true)?.Value;
        var externalId = Clean(mrn) ?? Clean(patient.Id);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var fullName = name is null ? null : string.Join(" ", name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p))).Trim();
        var problems = new List<ImportProblem>();
        if (externalId is null) problems.Add(new ImportProblem(line, "Patient.identifier", "The patient has no id or medical record number usable as an external id."));
        if (string.IsNullOrWhiteSpace(fullName) || fullName.Length > 200) problems.Add(new ImportProblem(line, "Patient.name", "The patient needs a name of up to 200 characters."));
        DateOnly? birth = DateOnly.TryParse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : null;
        var address = patient.Address.FirstOrDefault();
        var details = new ProfileDetails
        {
            DateOfBirth = birth,
            Sex = patient.Gender switch
            {
                AdministrativeGender.Female => AdministrativeSex.Female,
                AdministrativeGender.Male => AdministrativeSex.Male,
                AdministrativeGender.Other => AdministrativeSex.Other,
                _ => AdministrativeSex.Unknown,
            },
            Language = Clean(patient.Communication.FirstOrDefault(c => c.Preferred == true)?.Language?.Coding.FirstOrDefault()?.Code
                ?? patient.Communication.FirstOrDefault()?.Language?.Coding.FirstOrDefault()?.Code),
            Phone = Clean(patient.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value),
            AddressLine = Clean(address?.Line.FirstOrDefault()),
            City = Clean(address?.City),
            PostalCode = Clean(address?.PostalCode),
            RecordNumber = Clean(mrn),
            ExternalId = externalId,
        };
        if (ProfileRules.Check(details, today) is { } problem) problems.Add(new ImportProblem(line, "Patient", problem));
        var email = Clean(patient.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Email)?.Value);
        if (email is not null && (email.Length > Identity.AccountEmails.MaxLength || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email)))
            problems.Add(new ImportProblem(line, "Patient.telecom", "The email address is not valid."));
        if (problems.Count > 0)
        {
            batch.Problems.AddRange(problems);
            return null;
        }
        return new ImportedPatient(line, externalId!, fullName!, email, details);
    }

    private static void ConditionRow(Condition condition, int line, Dictionary<string, ImportedPatient> patients, ImportBatch batch)
    {
        // The problem list: resolved and inactive conditions and errors are not targeted.
        var status = condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code;
        if (status is "resolved" or "inactive" or "remission" || condition.VerificationStatus?.Coding.FirstOrDefault()?.Code is "entered-in-error" or "refuted")
            return;
        if (Subject(condition.Subject, patients) is not { } patient)
        {
            batch.Problems.Add(new ImportProblem(line, "Condition.subject", "The condition's patient is not in this bundle."));
            return;
        }
        var coding = condition.Code?.Coding.FirstOrDefault(c => c.System == Icd10Cm) ?? condition.Code?.Coding.FirstOrDefault(c => c.System == Snomed);
        if (coding?.Code is null)
        {
            batch.Problems.Add(new ImportProblem(line, "Condition.code", "The condition has no ICD-10-CM or SNOMED CT code."));
            return;
        }
        var recorded = DateOnly.TryParse((condition.Onset as FhirDateTime)?.Value?[..Math.Min(10, (condition.Onset as FhirDateTime)!.Value!.Length)] ?? condition.RecordedDate?[..Math.Min(10, condition.RecordedDate.Length)],
            System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : (DateOnly?)null;
        var diagnosis = new NewDiagnosis(coding.System == Icd10Cm ? CodeSystem.Icd10Cm : CodeSystem.SnomedCt, coding.Code, Clean(coding.Display ?? condition.Code?.Text), recorded);
        if (ProfileRules.Check(diagnosis) is { } problem)
            batch.Problems.Add(new ImportProblem(line, "Condition.code", problem));
        else
            batch.Diagnoses.Add(new ImportedDiagnosis(line, patient.ExternalId, diagnosis));
    }

    private static void AppointmentRow(Appointment appointment, int line, Dictionary<string, ImportedPatient> patients, ImportBatch batch)
    {
        var patient = appointment.Participant.Select(p => Subject(p.Actor, patients)).FirstOrDefault(p => p is not null);
        if (patient is null)
        {
            batch.Problems.Add(new ImportProblem(line, "Appointment.participant", "The appointment's patient is not in this bundle."));
            return;
        }
        if (appointment.Start is not { } start)
        {
            batch.Problems.Add(new ImportProblem(line, "Appointment.start", "The appointment has no start."));
            return;
        }
        AppointmentStatus? status = appointment.Status switch
        {
            Appointment.AppointmentStatus.Booked or Appointment.AppointmentStatus.Pending or Appointment.AppointmentStatus.Proposed or Appointment.AppointmentStatus.Waitlist => AppointmentStatus.Booked,
            Appointment.AppointmentStatus.Arrived or Appointment.AppointmentStatus.CheckedIn or Appointment.AppointmentStatus.Fulfilled => AppointmentStatus.Kept,
            Appointment.AppointmentStatus.Cancelled => AppointmentStatus.Cancelled,
            Appointment.AppointmentStatus.Noshow => AppointmentStatus.NoShow,
            _ => null,
        };
        if (status is null) return; // entered in error
        var update = new AppointmentUpdate(start.UtcDateTime, status.Value, null, Clean(appointment.AppointmentType?.Text ?? appointment.ServiceType.FirstOrDefault()?.Text),
            null, Clean(appointment.Id));
        if (ProfileRules.Check(update) is { } problem)
            batch.Problems.Add(new ImportProblem(line, "Appointment", problem));
        else
            batch.Appointments.Add(new ImportedAppointment(line, patient.ExternalId, update));
    }

    private static ImportedPatient? Subject(ResourceReference? reference, Dictionary<string, ImportedPatient> patients) =>
        reference?.Reference is { } target && patients.TryGetValue(target, out var patient) ? patient : null;

    private static DateOnly? Ended(Encounter encounter)
    {
        var when = encounter.Period?.End ?? encounter.Period?.Start;
        return when is { Length: >= 10 } && DateOnly.TryParse(when[..10], System.Globalization.CultureInfo.InvariantCulture, out var day) ? day : null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
