using System.Text.RegularExpressions;
using Portal.Data.Audience;

namespace Portal.Grains.Audience;

/// <summary>What a profile, a diagnosis and an appointment must look like. Problems name the field, never its value.</summary>
public static partial class ProfileRules
{
    public const int MaxLabels = 50;

    public static string? Check(ProfileDetails details, DateOnly today)
    {
        if (details.DateOfBirth is { } dob && (dob > today || dob.Year < 1900)) return "The date of birth must be a past date after 1900.";
        if (!Enum.IsDefined(details.Sex)) return "Unknown value for sex.";
        if (details.Language is { Length: > 0 } language && !LanguageTag().IsMatch(language)) return "The language must be a language tag such as en or es-MX.";
        if (details.Phone is { Length: > 0 } phone && !PhoneNumber().IsMatch(phone)) return "The phone number may hold digits, spaces, +, - and brackets (5 to 20).";
        if (details.PostalCode is { Length: > 0 } postal && !PostalCode().IsMatch(postal)) return "The postal code may hold letters, digits, a space or a dash (3 to 10).";
        if (details.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) return "The time zone must be an IANA name such as America/Chicago.";
        if (details.AddressLine is { Length: > 200 } || details.City is { Length: > 100 }) return "The address is too long.";
        if (details.RecordNumber is { Length: > 0 } mrn && !Identifier().IsMatch(mrn)) return "The record number may hold letters, digits, '-', '_' and '.' (up to 64).";
        if (details.ExternalId is { Length: > 0 } external && !Identifier().IsMatch(external)) return "The external id may hold letters, digits, '-', '_' and '.' (up to 64).";
        if (details.LastVisit is { } visit && visit > today) return "The last visit cannot be in the future.";
        return CheckLabels(details.RiskFlags, "risk flag") ?? CheckLabels(details.Tags, "tag");
    }

    public static string? Check(NewDiagnosis diagnosis) => diagnosis.System switch
    {
        CodeSystem.Icd10Cm when !Icd10Cm().IsMatch(diagnosis.Code.Trim()) => "The ICD-10-CM code is not valid (for example E11.9).",
        CodeSystem.SnomedCt when !Snomed().IsMatch(diagnosis.Code.Trim()) => "The SNOMED CT code must be 6 to 18 digits.",
        CodeSystem.Icd10Cm or CodeSystem.SnomedCt => diagnosis.Display is { Length: > 200 } ? "The diagnosis text is too long." : null,
        _ => "Unknown code system.",
    };

    /// <summary>A code or prefix a segment asks for (E11, E11.6): at least the three-character category.</summary>
    public static bool IsIcd10Prefix(string value) => Icd10Prefix().IsMatch(value.Trim());

    public static string? Check(AppointmentUpdate appointment)
    {
        if (!Enum.IsDefined(appointment.Status)) return "Unknown appointment status.";
        if (appointment.StartUtc.Year < 1900 || appointment.StartUtc.Year > 2200) return "The appointment time is not valid.";
        if (appointment.Location is { Length: > 200 } || appointment.Type is { Length: > 100 } || appointment.Clinician is { Length: > 200 })
            return "An appointment field is too long.";
        if (appointment.ExternalId is { Length: > 0 } external && !Identifier().IsMatch(external)) return "The appointment's external id may hold letters, digits, '-', '_' and '.' (up to 64).";
        return null;
    }

    /// <summary>Trims, drops empty and repeated labels (case-insensitively), keeps the first spelling.</summary>
    public static IReadOnlyList<string> CleanLabels(IEnumerable<string>? labels) =>
        [.. (labels ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).DistinctBy(l => l.ToLowerInvariant())];

    private static string? CheckLabels(IReadOnlyList<string> labels, string what)
    {
        if (labels.Count > MaxLabels) return $"At most {MaxLabels} of each {what}.";
        return labels.Any(l => !Label().IsMatch(l)) ? $"A {what} may hold letters, digits, spaces, '-' and '_' (up to 40)." : null;
    }

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[+0-9 ()\-]{5,20}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 \-]{1,8}[A-Za-z0-9]$")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} _\-]{0,39}$")]
    private static partial Regex Label();

    // ICD-10-CM: a letter, a digit, a digit or letter, then up to four more after an optional dot (E11.65, S72.001A).
    [GeneratedRegex(@"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$")]
    private static partial Regex Icd10Cm();

    [GeneratedRegex(@"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{0,4})?$")]
    private static partial Regex Icd10Prefix();

    [GeneratedRegex(@"^[0-9]{6,18}$")]
    private static partial Regex Snomed();
}
