using System.Text.RegularExpressions;

namespace Portal.Messaging.Campaigns;

/// <summary>How much a merge field reveals about a patient.</summary>
public enum FieldSensitivity
{
    /// <summary>Says nothing about the patient.</summary>
    None = 0,

    /// <summary>Identifies the recipient (a first name): the mail then goes only over verified TLS.</summary>
    Light = 1,
}

/// <summary>A value a template may name, with what it reveals and what the sample patient shows.</summary>
public sealed record MergeField(string Name, string Description, FieldSensitivity Sensitivity, string SampleValue);

/// <summary>
/// The catalogue of merge fields. Templates may name only these; anything else is a lint error, so a template
/// can never reach into data the catalogue does not offer.
/// </summary>
public static partial class MergeFields
{
    /// <summary>The patient's first name.</summary>
    public const string PatientFirstName = "patient.first_name";
    /// <summary>The organisation's name.</summary>
    public const string OrganisationName = "organisation.name";

    /// <summary>Every field, as the editor lists them.</summary>
    public static readonly IReadOnlyList<MergeField> All =
    [
        new(PatientFirstName, "The patient's first name", FieldSensitivity.Light, "Alex"),
        new(OrganisationName, "Your organisation's name", FieldSensitivity.None, "Your clinic"),
    ];

    /// <summary>The field of that name, if the catalogue has it.</summary>
    public static MergeField? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The dotted names a Liquid source refers to (<c>patient.first_name</c>), found without running it.</summary>
    public static IEnumerable<string> NamedIn(string source) =>
        Reference().Matches(source).Select(m => m.Groups[1].Value + "." + m.Groups[2].Value).Distinct();

    /// <summary>Top-level names that are not objects of the catalogue (e.g. <c>{{ secret }}</c>).</summary>
    public static IEnumerable<string> BareNamesIn(string source) =>
        Output().Matches(source).Select(m => m.Groups[1].Value).Where(n => !n.Contains('.')).Distinct();

    [GeneratedRegex(@"\b(patient|organisation)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\{\{-?\s*([A-Za-z_][A-Za-z0-9_.]*)", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Output();
}
