using Portal.Data.Audience;
using Portal.Grains.Audience.Segments;

namespace Portal.Web.Features.Marketing.Segments;

/// <summary>
/// The builder's form: the segment's own group (<c>Groups[0]</c>) and the groups inside it, each a list of
/// conditions. Values a condition takes several of are typed separated by commas.
/// </summary>
public sealed class SegmentForm
{
    public string Name { get; set; } = "";
    public List<GroupForm> Groups { get; set; } = [new()];

    public sealed class GroupForm
    {
        public SegmentJoin Join { get; set; }
        public List<ConditionForm> Conditions { get; set; } = [];
    }

    public sealed class ConditionForm
    {
        public SegmentField Field { get; set; } = SegmentField.Diagnosis;
        public bool Negate { get; set; }
        public int? Min { get; set; }
        public int? Max { get; set; }
        public string? Values { get; set; }
        public CodeSystem System { get; set; } = CodeSystem.Icd10Cm;
    }

    public SegmentGroup ToDefinition()
    {
        var root = Groups.FirstOrDefault() ?? new GroupForm();
        return new SegmentGroup
        {
            Join = root.Join,
            Conditions = [.. root.Conditions.Select(ToCondition)],
            Groups = [.. Groups.Skip(1).Select(g => new SegmentGroup { Join = g.Join, Conditions = [.. g.Conditions.Select(ToCondition)] })],
        };
    }

    public static SegmentForm From(string name, SegmentGroup definition) => new()
    {
        Name = name,
        Groups = [Group(definition), .. definition.Groups.Select(Group)],
    };

    private static GroupForm Group(SegmentGroup group) => new()
    {
        Join = group.Join,
        Conditions = [.. group.Conditions.Select(c => new ConditionForm { Field = c.Field, Negate = c.Negate, Min = c.Min, Max = c.Max, Values = string.Join(", ", c.Values), System = c.CodeSystem })],
    };

    private static SegmentCondition ToCondition(ConditionForm c) => new()
    {
        Field = c.Field,
        Negate = c.Negate,
        Min = c.Min,
        Max = c.Max,
        CodeSystem = c.System,
        Values = [.. (c.Values ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
    };

    /// <summary>What each field asks for, as the builder labels it.</summary>
    public static (string Title, string? Values, string? Min, string? Max) Describe(SegmentField field) => field switch
    {
        SegmentField.Age => ("Age", null, "Youngest (years)", "Oldest (years)"),
        SegmentField.Sex => ("Sex", "Female, male, other or unknown", null, null),
        SegmentField.Language => ("Preferred language", "Language tags, such as en, es", null, null),
        SegmentField.PostalPrefix => ("Postal code starts with", "Prefixes of up to 3 characters, such as 606", null, null),
        SegmentField.Diagnosis => ("Diagnosis", "Codes or prefixes, such as E11, I10", null, null),
        SegmentField.RiskFlag => ("Risk flag", "Flags, such as fall-risk", null, null),
        SegmentField.Tag => ("Tag", "Tags, such as newsletter", null, null),
        SegmentField.LastVisit => ("Last visit", null, "No visit in the last (days)", "A visit within the last (days)"),
        SegmentField.UpcomingAppointment => ("Upcoming appointment", null, null, "Within the next (days)"),
        SegmentField.MissedAppointment => ("Missed appointment", null, null, "In the last (days)"),
        SegmentField.Consent => ("May be emailed for", "Reminders, education or marketing", null, null),
        SegmentField.PortalVisit => ("Portal visit", null, "No portal visit in the last (days, up to 90)", "A portal visit within the last (days, up to 90)"),
        SegmentField.FormCompleted => ("Form or survey completed", null, "None completed in the last (days)", "One completed within the last (days)"),
        _ => (field.ToString(), null, null, null),
    };
}
