namespace Portal.Forms.Scoring;

/// <summary>All scores and flags of one submission.</summary>
/// <param name="Scores">One result per score the form defines.</param>
/// <param name="Flags">Flags raised; these fire even when a total is incomplete.</param>
public sealed record ScoreReport(IReadOnlyList<ScoreResult> Scores, IReadOnlyList<RaisedFlag> Flags)
{
    /// <summary>The result of one score.</summary>
    public ScoreResult? Find(string scoreId) => Scores.FirstOrDefault(s => s.ScoreId == scoreId);

    /// <summary>True when staff attention is needed.</summary>
    public bool NeedsAttention => Flags.Count > 0;
}
