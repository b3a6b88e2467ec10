using Portal.Forms.Definitions;

namespace Portal.Forms.Authoring;

/// <summary>What the author set on a question's settings form.</summary>
/// <param name="Label">The question text.</param>
/// <param name="HelpText">Guidance shown under the question; blank for none.</param>
/// <param name="Required">Whether a visible question must be answered.</param>
/// <param name="Rules">Constraints beyond the type; null for none.</param>
/// <param name="Options">The choices, in order, for the types that take them (kept values keep their stored key).</param>
/// <param name="Rows">The statements of a Likert matrix, in order.</param>
public sealed record FieldEdit(
    string Label,
    string? HelpText,
    bool Required,
    ValidationRules? Rules,
    IReadOnlyList<OptionEdit> Options,
    IReadOnlyList<RowEdit> Rows);

/// <summary>One choice as edited; <paramref name="Value"/> is null for a new choice, which gets a key made from its label.</summary>
/// <param name="Value">The stored key of an existing choice, or null for a new one.</param>
/// <param name="Label">Text shown to the patient.</param>
/// <param name="Score">Points for scoring, if any.</param>
public sealed record OptionEdit(string? Value, string Label, decimal? Score);

/// <summary>One matrix statement as edited; <paramref name="Id"/> is null for a new statement.</summary>
/// <param name="Id">The stored key of an existing row, or null for a new one.</param>
/// <param name="Label">Text shown to the patient.</param>
public sealed record RowEdit(string? Id, string Label);
