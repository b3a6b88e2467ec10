using Portal.Forms.Conditions;

namespace Portal.Forms.Definitions;

/// <summary>One screen of a form.</summary>
public sealed record FormPage
{
    /// <summary>Stable key of the page; skip rules refer to it.</summary>
    public required string Id { get; init; }

    /// <summary>Heading shown at the top of the page.</summary>
    public required string Title { get; init; }

    /// <summary>Introductory text, such as the stem shared by a questionnaire's items.</summary>
    public string? Description { get; init; }

    /// <summary>The page's questions in display order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    /// <summary>Shows the page only when this holds over answers on earlier pages; always shown when absent.</summary>
    public Condition? VisibleWhen { get; init; }

    /// <summary>Checked in order after the page; the first that holds decides the next page.</summary>
    public IReadOnlyList<SkipRule> SkipRules { get; init; } = [];
}
