using Portal.Forms.Definitions;

namespace Portal.Forms.Instruments;

/// <summary>The response scale shared by PHQ-9 and GAD-7, with its published points.</summary>
public static class FrequencyScale
{
    /// <summary>The question stem both questionnaires open with.</summary>
    public const string Stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

    /// <summary>Not at all (0), Several days (1), More than half the days (2), Nearly every day (3).</summary>
    public static IReadOnlyList<FieldOption> Options { get; } =
    [
        new("0", "Not at all", 0),
        new("1", "Several days", 1),
        new("2", "More than half the days", 2),
        new("3", "Nearly every day", 3),
    ];

    /// <summary>The unscored follow-up both questionnaires end with, asked only when a problem was reported.</summary>
    public static FieldDefinition DifficultyQuestion(string id, IEnumerable<string> itemIds) => new()
    {
        Id = id,
        Type = FieldType.SingleChoice,
        Label = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
        Options =
        [
            new("not_difficult", "Not difficult at all"),
            new("somewhat", "Somewhat difficult"),
            new("very", "Very difficult"),
            new("extremely", "Extremely difficult"),
        ],
        VisibleWhen = Conditions.Condition.Any(itemIds.Select(i => Conditions.Condition.FieldGreaterThan(i, "0")).ToArray()),
    };

    /// <summary>One required item on the frequency scale.</summary>
    public static FieldDefinition Item(string id, string label) => new()
    {
        Id = id,
        Type = FieldType.SingleChoice,
        Label = label,
        Required = true,
        Options = Options,
    };
}
