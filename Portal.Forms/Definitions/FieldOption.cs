namespace Portal.Forms.Definitions;

/// <summary>One answer a patient may pick in a choice question or on a matrix scale.</summary>
/// <param name="Value">Stable key stored in answers; labels may be reworded in later versions, values may not.</param>
/// <param name="Label">Text shown to the patient.</param>
/// <param name="Score">Points this option adds to a computed score, when the form is scored.</param>
public sealed record FieldOption(string Value, string Label, decimal? Score = null);
