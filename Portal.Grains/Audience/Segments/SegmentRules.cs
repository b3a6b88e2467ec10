using System.Text.RegularExpressions;
using Portal.Data.Audience;

namespace Portal.Grains.Audience.Segments;

/// <summary>What a segment definition must look like before it becomes a query.</summary>
public static partial class SegmentRules
{
    public const int MaxDepth = 4;
    public const int MaxConditions = 50;
    public const int MaxValues = 100;

    /// <summary>Ended sessions are kept this long by default (<c>RetentionRules</c>), so portal visits are known this far back.</summary>
    public const int MaxPortalVisitDays = 90;

    /// <summary>Why the definition cannot be used, or null. Problems say where ("group 1, condition 2").</summary>
    public static string? Check(SegmentGroup root)
    {
        var count = 0;
        return Check(root, 1, "the segment", ref count);
    }

    private static string? Check(SegmentGroup group, int depth, string where, ref int count)
    {
        if (depth > MaxDepth) return $"Groups nest at most {MaxDepth} deep ({where}).";
        if (!Enum.IsDefined(group.Join)) return $"Unknown join in {where}.";
        if (group.Conditions.Count == 0 && group.Groups.Count == 0) return $"Add a condition to {where}.";
        for (var i = 0; i < group.Conditions.Count; i++)
        {
            if (++count > MaxConditions) return $"A segment has at most {MaxConditions} conditions.";
            if (Check(group.Conditions[i]) is { } problem) return $"{Capitalise(where)}, condition {i + 1}: {problem}";
        }
        for (var i = 0; i < group.Groups.Count; i++)
            if (Check(group.Groups[i], depth + 1, $"group {i + 1} of {where}", ref count) is { } problem) return problem;
        return null;
    }

    public static string? Check(SegmentCondition c)
    {
        if (c.Values.Count > MaxValues) return $"at most {MaxValues} values.";
        return c.Field switch
        {
            SegmentField.Age when c.Min is null && c.Max is null => "give a youngest or an oldest age.",
            SegmentField.Age when c.Min is < 0 or > 130 || c.Max is < 0 or > 130 || c.Min > c.Max => "ages run from 0 to 130, youngest first.",
            SegmentField.Age => null,
            SegmentField.Sex when c.Values.Count == 0 || c.Values.Any(v => !Enum.TryParse<AdministrativeSex>(v, true, out var s) || !Enum.IsDefined(s)) => "choose female, male, other or unknown.",
            SegmentField.Language when c.Values.Count == 0 || c.Values.Any(v => !Language().IsMatch(v)) => "give language tags such as en or es.",
            SegmentField.PostalPrefix when c.Values.Count == 0 || c.Values.Any(v => !Postal().IsMatch(v)) => "give postal prefixes of one to three letters or digits.",
            SegmentField.Diagnosis when c.Values.Count == 0 => "give a diagnosis code or prefix such as E11.",
            SegmentField.Diagnosis when c.CodeSystem == CodeSystem.Icd10Cm && c.Values.Any(v => !ProfileRules.IsIcd10Prefix(v)) => "ICD-10-CM codes start with a letter and two characters (E11, E11.6).",
            SegmentField.Diagnosis when c.CodeSystem == CodeSystem.SnomedCt && c.Values.Any(v => !Snomed().IsMatch(v.Trim())) => "SNOMED CT codes are 6 to 18 digits.",
            SegmentField.Diagnosis when !Enum.IsDefined(c.CodeSystem) => "unknown code system.",
            SegmentField.RiskFlag or SegmentField.Tag when c.Values.Count == 0 || c.Values.Any(v => v.Trim().Length is 0 or > 40) => "give one or more labels (up to 40 characters).",
            SegmentField.LastVisit or SegmentField.PortalVisit or SegmentField.FormCompleted when (c.Min is null) == (c.Max is null) => "give either \"not within\" or \"within\" a number of days.",
            SegmentField.PortalVisit when c.Min is < 1 or > MaxPortalVisitDays || c.Max is < 1 or > MaxPortalVisitDays => $"portal visits are known for the last {MaxPortalVisitDays} days (sessions are kept that long).",
            SegmentField.LastVisit or SegmentField.FormCompleted or SegmentField.UpcomingAppointment or SegmentField.MissedAppointment when c.Min is < 1 or > 36500 || c.Max is < 1 or > 36500 => "days run from 1 to 36500.",
            SegmentField.UpcomingAppointment or SegmentField.MissedAppointment when c.Max is null => "give a number of days.",
            SegmentField.Consent when c.Values.Count == 0 || c.Values.Any(v => !Enum.TryParse<ContactPurpose>(v.Replace(" ", ""), true, out var p) || !Enum.IsDefined(p)) =>
                "choose care messages, reminders, education or marketing.",
            SegmentField.Sex or SegmentField.Language or SegmentField.PostalPrefix or SegmentField.Diagnosis or SegmentField.RiskFlag or SegmentField.Tag
                or SegmentField.LastVisit or SegmentField.UpcomingAppointment or SegmentField.MissedAppointment or SegmentField.Consent
                or SegmentField.PortalVisit or SegmentField.FormCompleted => null,
            _ => "unknown condition.",
        };
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex Language();

    [GeneratedRegex(@"^[A-Za-z0-9]{1,3}$")]
    private static partial Regex Postal();

    [GeneratedRegex(@"^[0-9]{6,18}$")]
    private static partial Regex Snomed();
}
