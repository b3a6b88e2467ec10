using Portal.Forms.Definitions;
using Portal.Forms.Scoring;

namespace Portal.Grains.Forms.Results;

/// <summary>Everything the results page shows for one form.</summary>
public sealed record FormResultsSummary(
    string Title,
    int Responses,
    int MinimumCellSize,
    IReadOnlyList<VersionCount> Versions,
    IReadOnlyList<QuestionDistribution> Questions,
    IReadOnlyList<ScoreTimeline> Scores,
    IReadOnlyList<NetPromoterResult> NetPromoter);

/// <summary>How many submissions answered one published version.</summary>
public sealed record VersionCount(int Version, int Responses);

/// <summary>How the answers to one question spread over its choices; a matrix has one series per statement.</summary>
public sealed record QuestionDistribution(string FieldId, string Label, FieldType Type, int Respondents, IReadOnlyList<DistributionSeries> Series);

/// <summary>The counts of one question, or of one matrix statement (<paramref name="RowLabel"/>).</summary>
public sealed record DistributionSeries(string? RowLabel, IReadOnlyList<DistributionCell> Cells);

/// <summary>One bar: a choice and how many picked it; <paramref name="Count"/> is null when suppressed as too small to show.</summary>
public sealed record DistributionCell(string Label, int? Count)
{
    public bool Suppressed => Count is null;
}

/// <summary>One score's totals over time, per patient, with the bands that give them meaning.</summary>
public sealed record ScoreTimeline(string ScoreId, string Label, decimal? MaxPossible, IReadOnlyList<ScoreBand> Bands, IReadOnlyList<PatientScoreSeries> Patients);

/// <summary>One patient's complete totals in time order.</summary>
public sealed record PatientScoreSeries(Guid PatientId, IReadOnlyList<ScorePoint> Points);

/// <summary>One scored submission; <paramref name="Band"/> is null when no band covers the total.</summary>
public sealed record ScorePoint(DateTimeOffset SubmittedUtc, decimal Total, string? Band);

/// <summary>The Net Promoter result of one 0-10 recommendation question.</summary>
/// <param name="Summary">The counts and score; null when there are too few responses to show.</param>
/// <param name="Categories">Detractors, passives and promoters; empty when there are too few responses to show.</param>
public sealed record NetPromoterResult(string FieldId, string Label, int Responses, NpsSummary? Summary, IReadOnlyList<DistributionCell> Categories);
