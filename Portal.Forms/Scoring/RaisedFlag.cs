namespace Portal.Forms.Scoring;

/// <summary>An item flag that fired for a submission.</summary>
/// <param name="ScoreId">The score the flag belongs to.</param>
/// <param name="FieldId">The item that fired it.</param>
/// <param name="ItemScore">The item's points.</param>
/// <param name="Message">What staff are told.</param>
public sealed record RaisedFlag(string ScoreId, string FieldId, decimal ItemScore, string Message);
