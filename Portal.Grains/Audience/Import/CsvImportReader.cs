using System.Globalization;
using CsvHelper;
using Portal.Data.Audience;

namespace Portal.Grains.Audience.Import;

/// <summary>
/// Reads one CSV file of patients, diagnoses or appointments (the header says which) into checked rows. Each
/// problem names the line and column; a row with any problem is left out whole.
/// </summary>
public static class CsvImportReader
{
    public const int MaxRows = 200_000;

    public static readonly string[] PatientColumns = ["external_id", "full_name", "email", "date_of_birth", "sex", "language", "phone", "address", "city",
        "postal_code", "time_zone", "record_number", "risk_flags", "tags", "last_visit"];
    public static readonly string[] DiagnosisColumns = ["patient_external_id", "system", "code", "display", "recorded"];
    public static readonly string[] AppointmentColumns = ["patient_external_id", "appointment_id", "start", "status", "location", "type", "clinician"];

    public static ImportBatch Read(TextReader text, DateOnly today)
    {
        var batch = new ImportBatch();
        // A record longer than this is hostile or broken (an unclosed quote); lines are counted for the report.
        using var csv = CsvReader.Create(text, new CsvReaderOptions { TrackLineNumbers = true, MaxRecordSize = 64 * 1024, TrimWhitespace = true });
        string[] header;
        try { header = [.. csv.Headers]; }
        catch (CsvFormatException) { header = []; }
        if (header.Length == 0)
        {
            batch.Problems.Add(new ImportProblem(1, "header", "The file is empty: the first line must name the columns."));
            return batch;
        }
        var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        Func<Row, bool>? read = columns.Contains("full_name") ? row => Patient(row, batch, today)
            : columns.Contains("code") ? row => Diagnosis(row, batch)
            : columns.Contains("start") ? row => Appointment(row, batch)
            : null;
        if (read is null)
        {
            batch.Problems.Add(new ImportProblem(1, "header", "The header names none of the known formats: patients need full_name, diagnoses code, appointments start."));
            return batch;
        }
        try
        {
            while (csv.Read())
            {
                if (++batch.Rows > MaxRows)
                {
                    batch.Problems.Add(new ImportProblem((int)csv.LineNumber, "file", $"At most {MaxRows:N0} rows per file: split it and import the rest separately."));
                    break;
                }
                read(new Row(csv, batch));
            }
        }
        catch (CsvFormatException)
        {
            // Said without the exception's text, which may quote the data.
            batch.Problems.Add(new ImportProblem(batch.Rows + 1, "file", "The file is not valid CSV from here on (a quote is not closed, or a line is too long). Nothing after it was read."));
        }
        return batch;
    }

    /// <summary>One line's fields by column name; each problem is recorded against the line.</summary>
    private sealed class Row(CsvReader csv, ImportBatch batch)
    {
        public int Line { get; } = (int)csv.LineNumber;
        public bool Failed { get; private set; }

        public string? Get(string column) =>
            csv.TryGetFieldIndex(column, out var index) && csv.GetStringOrNull(index) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        public void Fail(string column, string problem)
        {
            Failed = true;
            batch.Problems.Add(new ImportProblem(Line, column, problem));
        }

        public string? Required(string column)
        {
            var value = Get(column);
            if (value is null) Fail(column, "This column is required.");
            return value;
        }

        public DateOnly? Date(string column)
        {
            var value = Get(column);
            if (value is null) return null;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
            Fail(column, "Write dates as YYYY-MM-DD.");
            return null;
        }

        /// <summary>Checks one part of a profile with the profile's own rules.</summary>
        public void Check(string column, ProfileDetails part, DateOnly today)
        {
            if (ProfileRules.Check(part, today) is { } problem) Fail(column, problem);
        }
    }

    private static bool Patient(Row row, ImportBatch batch, DateOnly today)
    {
        var externalId = row.Required("external_id");
        var name = row.Required("full_name");
        if (name is { Length: > 200 }) row.Fail("full_name", "The name is longer than 200 characters.");
        var email = row.Get("email");
        if (email is not null && (email.Length > Identity.AccountEmails.MaxLength || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Any(char.IsControl)))
            row.Fail("email", "This is not an email address.");
        var sex = AdministrativeSex.Unknown;
        if (row.Get("sex") is { } sexText && !Enum.TryParse(sexText, ignoreCase: true, out sex) | !Enum.IsDefined(sex))
            row.Fail("sex", "Use female, male, other or unknown.");
        var details = new ProfileDetails
        {
            DateOfBirth = row.Date("date_of_birth"), Sex = sex, Language = row.Get("language"), Phone = row.Get("phone"), AddressLine = row.Get("address"),
            City = row.Get("city"), PostalCode = row.Get("postal_code"), TimeZone = row.Get("time_zone"), RecordNumber = row.Get("record_number"),
            RiskFlags = ProfileRules.CleanLabels(row.Get("risk_flags")?.Split(';')), Tags = ProfileRules.CleanLabels(row.Get("tags")?.Split(';')),
            LastVisit = row.Date("last_visit"), ExternalId = externalId,
        };
        row.Check("date_of_birth", new ProfileDetails { DateOfBirth = details.DateOfBirth }, today);
        row.Check("language", new ProfileDetails { Language = details.Language }, today);
        row.Check("phone", new ProfileDetails { Phone = details.Phone }, today);
        row.Check("postal_code", new ProfileDetails { PostalCode = details.PostalCode }, today);
        row.Check("time_zone", new ProfileDetails { TimeZone = details.TimeZone }, today);
        row.Check("address", new ProfileDetails { AddressLine = details.AddressLine, City = details.City }, today);
        row.Check("record_number", new ProfileDetails { RecordNumber = details.RecordNumber }, today);
        row.Check("external_id", new ProfileDetails { ExternalId = externalId }, today);
        row.Check("risk_flags", new ProfileDetails { RiskFlags = details.RiskFlags }, today);
        row.Check("tags", new ProfileDetails { Tags = details.Tags }, today);
        row.Check("last_visit", new ProfileDetails { LastVisit = details.LastVisit }, today);
        if (row.Failed) return false;
        batch.Patients.Add(new ImportedPatient(row.Line, externalId!, name!, email, details));
        return true;
    }

    private static bool Diagnosis(Row row, ImportBatch batch)
    {
        var patient = row.Required("patient_external_id");
        var system = row.Get("system")?.ToLowerInvariant() switch
        {
            null or "icd10cm" or "icd-10-cm" or "http://hl7.org/fhir/sid/icd-10-cm" => CodeSystem.Icd10Cm,
            "snomed" or "snomedct" or "snomed-ct" or "http://snomed.info/sct" => CodeSystem.SnomedCt,
            _ => (CodeSystem?)null,
        };
        if (system is null) row.Fail("system", "Use icd10cm or snomed.");
        var code = row.Required("code");
        var diagnosis = new NewDiagnosis(system ?? CodeSystem.Icd10Cm, code ?? "", row.Get("display"), row.Date("recorded"));
        if (code is not null && system is not null && ProfileRules.Check(diagnosis) is { } problem) row.Fail("code", problem);
        if (row.Failed) return false;
        batch.Diagnoses.Add(new ImportedDiagnosis(row.Line, patient!, diagnosis));
        return true;
    }

    private static bool Appointment(Row row, ImportBatch batch)
    {
        var patient = row.Required("patient_external_id");
        var startText = row.Required("start");
        DateTime start = default;
        if (startText is not null && !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            row.Fail("start", "Write the start as ISO 8601 with its offset, such as 2027-03-10T09:30:00-06:00.");
        else if (startText is not null)
        {
            parsed = DateTimeOffset.Parse(startText, CultureInfo.InvariantCulture);
            if (!HasOffset(startText)) row.Fail("start", "Give the start's offset from UTC (such as -06:00, or Z for UTC).");
            start = parsed.UtcDateTime;
        }
        var status = AppointmentStatus.Booked;
        if (row.Get("status") is { } statusText && !Enum.TryParse(statusText.Replace("-", "").Replace("_", ""), ignoreCase: true, out status) | !Enum.IsDefined(status))
            row.Fail("status", "Use booked, confirmed, cancelled, kept or no-show.");
        var appointment = new AppointmentUpdate(start, status, row.Get("location"), row.Get("type"), row.Get("clinician"), row.Get("appointment_id"));
        if (!row.Failed && ProfileRules.Check(appointment) is { } problem) row.Fail("appointment", problem);
        if (row.Failed) return false;
        batch.Appointments.Add(new ImportedAppointment(row.Line, patient!, appointment));
        return true;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
}
