namespace Portal.Forms.Scoring;

/// <summary>The Net Promoter Score of a set of responses.</summary>
/// <param name="Responses">Number of responses counted.</param>
/// <param name="Promoters">Responses of 9 or 10.</param>
/// <param name="Passives">Responses of 7 or 8.</param>
/// <param name="Detractors">Responses of 0 to 6.</param>
/// <param name="Score">Percentage of promoters minus percentage of detractors, from -100 to 100; null with no responses.</param>
public sealed record NpsSummary(int Responses, int Promoters, int Passives, int Detractors, decimal? Score);
