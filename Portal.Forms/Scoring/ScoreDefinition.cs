namespace Portal.Forms.Scoring;

/// <summary>A computed score: the sum of the points of the chosen answers over a list of items, placed in a band.</summary>
public sealed record ScoreDefinition
{
    /// <summary>Stable key of the score.</summary>
    public required string Id { get; init; }

    /// <summary>Name shown to staff, e.g. "PHQ-9 total".</summary>
    public required string Label { get; init; }

    /// <summary>The items summed: choice questions (the option's score), 0-10 scales and numbers (the value), or Likert matrices (every row).</summary>
    public IReadOnlyList<string> ItemFieldIds { get; init; } = [];

    /// <summary>Severity bands covering the possible totals.</summary>
    public IReadOnlyList<ScoreBand> Bands { get; init; } = [];

    /// <summary>Items that need staff attention on their own.</summary>
    public IReadOnlyList<ItemFlag> Flags { get; init; } = [];
}
