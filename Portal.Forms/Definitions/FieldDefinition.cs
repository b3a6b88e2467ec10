using Portal.Forms.Conditions;

namespace Portal.Forms.Definitions;

/// <summary>One question on a page.</summary>
public sealed record FieldDefinition
{
    /// <summary>Stable key of the question; answers, conditions and scores refer to it across versions.</summary>
    public required string Id { get; init; }

    /// <summary>What kind of answer the question takes.</summary>
    public required FieldType Type { get; init; }

    /// <summary>The question as shown to the patient.</summary>
    public required string Label { get; init; }

    /// <summary>Extra guidance shown under the question.</summary>
    public string? HelpText { get; init; }

    /// <summary>Whether a visible question must be answered.</summary>
    public bool Required { get; init; }

    /// <summary>Constraints beyond the type.</summary>
    public ValidationRules? Rules { get; init; }

    /// <summary>The choices of a choice question, or the shared scale of a Likert matrix.</summary>
    public IReadOnlyList<FieldOption> Options { get; init; } = [];

    /// <summary>The statements of a Likert matrix.</summary>
    public IReadOnlyList<MatrixRow> Rows { get; init; } = [];

    /// <summary>Shows the question only when this holds over earlier answers; always shown when absent.</summary>
    public Condition? VisibleWhen { get; init; }

    /// <summary>Finds an option by its stored value.</summary>
    public FieldOption? FindOption(string value) => Options.FirstOrDefault(o => o.Value == value);
}
