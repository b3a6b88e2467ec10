namespace Portal.Forms.Scoring;

/// <summary>The Net Promoter System arithmetic.</summary>
public static class NetPromoterScore
{
    /// <summary>Categorises one 0-10 answer.</summary>
    public static NpsCategory Categorise(int rating) => rating switch
    {
        < 0 or > 10 => throw new ArgumentOutOfRangeException(nameof(rating), rating, "A recommendation rating runs from 0 to 10."),
        >= 9 => NpsCategory.Promoter,
        >= 7 => NpsCategory.Passive,
        _ => NpsCategory.Detractor,
    };

    /// <summary>Summarises a set of 0-10 answers; the score is rounded to one decimal place.</summary>
    public static NpsSummary Summarise(IEnumerable<int> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var rating in ratings)
        {
            switch (Categorise(rating))
            {
                case NpsCategory.Promoter: promoters++; break;
                case NpsCategory.Passive: passives++; break;
                default: detractors++; break;
            }
        }

        var total = promoters + passives + detractors;
        decimal? score = total == 0 ? null : Math.Round(100m * (promoters - detractors) / total, 1, MidpointRounding.AwayFromZero);
        return new NpsSummary(total, promoters, passives, detractors, score);
    }
}
