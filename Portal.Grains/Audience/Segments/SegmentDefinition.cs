using Portal.Data.Audience;

namespace Portal.Grains.Audience.Segments;

/// <summary>How the parts of a group combine.</summary>
public enum SegmentJoin : byte
{
    /// <summary>Every condition and subgroup holds (AND).</summary>
    All = 0,

    /// <summary>At least one holds (OR).</summary>
    Any = 1,
}

/// <summary>What a condition looks at.</summary>
public enum SegmentField : byte
{
    /// <summary>Age in whole years between <see cref="SegmentCondition.Min"/> and <see cref="SegmentCondition.Max"/>
    /// (by birth year: the database holds no full date of birth in clear).</summary>
    Age = 1,
    Sex = 2,

    /// <summary>One of the languages (a primary tag such as "es" also matches "es-mx").</summary>
    Language = 3,

    /// <summary>A postal code starting with one of the values (up to three characters).</summary>
    PostalPrefix = 4,

    /// <summary>A diagnosis with one of the codes or code prefixes (E11 matches E11.65).</summary>
    Diagnosis = 5,
    RiskFlag = 6,
    Tag = 7,

    /// <summary>With <see cref="SegmentCondition.Min"/> days: no visit in that long (or never). With
    /// <see cref="SegmentCondition.Max"/>: a visit within that many days.</summary>
    LastVisit = 8,

    /// <summary>A booked or confirmed appointment within the next <see cref="SegmentCondition.Max"/> days.</summary>
    UpcomingAppointment = 9,

    /// <summary>A missed appointment (no-show) within the last <see cref="SegmentCondition.Max"/> days.</summary>
    MissedAppointment = 10,

    /// <summary>May be written to by email for each of the purposes (reminders, education, marketing): not opted
    /// out and, for marketing, holding a valid authorisation.</summary>
    Consent = 11,

    /// <summary>Engagement: with <see cref="SegmentCondition.Min"/> days, no portal visit (a signed-in session seen) in
    /// that long; with <see cref="SegmentCondition.Max"/>, a visit within it. Sessions are kept 90 days, so at most 90.</summary>
    PortalVisit = 12,

    /// <summary>Engagement: with <see cref="SegmentCondition.Min"/> days, no form or survey submitted in that long; with
    /// <see cref="SegmentCondition.Max"/>, one submitted within it.</summary>
    FormCompleted = 13,
}

/// <summary>One test on a patient. <see cref="Negate"/> turns it into "does not".</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentCondition
{
    [Id(0)] public SegmentField Field { get; init; }
    [Id(1)] public bool Negate { get; init; }
    [Id(2)] public int? Min { get; init; }
    [Id(3)] public int? Max { get; init; }
    [Id(4)] public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>For <see cref="SegmentField.Diagnosis"/>: which code system the values are in.</summary>
    [Id(5)] public CodeSystem CodeSystem { get; init; } = CodeSystem.Icd10Cm;
}

/// <summary>A group of conditions and subgroups joined by AND or OR; a segment is one group.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentGroup
{
    [Id(0)] public SegmentJoin Join { get; init; }
    [Id(1)] public IReadOnlyList<SegmentCondition> Conditions { get; init; } = [];
    [Id(2)] public IReadOnlyList<SegmentGroup> Groups { get; init; } = [];
}
