namespace Portal.Forms.Scoring;

/// <summary>Where one "how likely are you to recommend" answer falls in the Net Promoter System.</summary>
public enum NpsCategory
{
    /// <summary>0 to 6.</summary>
    Detractor,

    /// <summary>7 or 8.</summary>
    Passive,

    /// <summary>9 or 10.</summary>
    Promoter,
}
