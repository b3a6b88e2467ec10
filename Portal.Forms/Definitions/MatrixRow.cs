namespace Portal.Forms.Definitions;

/// <summary>One statement in a Likert matrix, rated on the field's shared scale.</summary>
/// <param name="Id">Stable key of the row within its field.</param>
/// <param name="Label">Text shown to the patient.</param>
public sealed record MatrixRow(string Id, string Label);
