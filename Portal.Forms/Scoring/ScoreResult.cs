namespace Portal.Forms.Scoring;

/// <summary>One score computed for one set of answers.</summary>
public sealed record ScoreResult
{
    /// <summary>The score's id.</summary>
    public required string ScoreId { get; init; }

    /// <summary>The score's name.</summary>
    public required string Label { get; init; }

    /// <summary>
    /// The total, or null when any item is unanswered: a partial sum would read as a lower severity
    /// than the patient may have, which is worse than no number.
    /// </summary>
    public decimal? Total { get; init; }

    /// <summary>Highest total the items allow, when known.</summary>
    public decimal? MaxPossible { get; init; }

    /// <summary>The band the total falls in; null when incomplete.</summary>
    public ScoreBand? Band { get; init; }

    /// <summary>Items without an answer.</summary>
    public IReadOnlyList<string> MissingItemIds { get; init; } = [];

    /// <summary>True when every item was answered.</summary>
    public bool IsComplete => MissingItemIds.Count == 0;
}
