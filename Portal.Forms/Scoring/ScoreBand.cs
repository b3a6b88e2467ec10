namespace Portal.Forms.Scoring;

/// <summary>A named range of totals, such as "Moderate" for PHQ-9 totals 10 to 14.</summary>
/// <param name="Min">Lowest total in the band, inclusive.</param>
/// <param name="Max">Highest total in the band, inclusive.</param>
/// <param name="Label">Name of the band shown to staff.</param>
public sealed record ScoreBand(decimal Min, decimal Max, string Label)
{
    /// <summary>Whether the total falls in this band.</summary>
    public bool Contains(decimal total) => total >= Min && total <= Max;
}
