namespace Portal.Forms.Scoring;

/// <summary>Calls staff attention to a single item whatever the total, such as PHQ-9 item 9 on self-harm.</summary>
/// <param name="FieldId">The item watched.</param>
/// <param name="MinimumItemScore">The flag is raised when the item scores at least this.</param>
/// <param name="Message">What staff are told.</param>
public sealed record ItemFlag(string FieldId, decimal MinimumItemScore, string Message);
