using System.Globalization;
using Portal.Forms.Scoring;
using Portal.Grains.Forms.Results;

namespace Portal.Web.Features.FormResults;

/// <summary>One patient's totals over time as SVG: points joined by a line over shaded severity bands.</summary>
public sealed record ScoreChartView(string Id, string PatientName, ScoreTimeline Score, PatientScoreSeries Series)
{
    public const int Width = 640;
    public const int Height = 220;
    public const int Left = 44;
    public const int Right = 230;
    public const int Top = 10;
    public const int Bottom = 30;

    private static readonly string[] BandFills = ["#e3f1e6", "#f4f7d9", "#fff1d6", "#fde3d3", "#f9d2d2", "#f2c4cf"];

    public decimal Max => Score.MaxPossible ?? Math.Max(Score.Bands.Select(b => b.Max).DefaultIfEmpty(0).Max(), Series.Points.Max(p => p.Total));

    public string Title => $"{Score.Label} over time for {PatientName}";

    public string Description =>
        $"{Series.Points.Count} scored submissions from {Series.Points[0].SubmittedUtc:yyyy-MM-dd} to {Series.Points[^1].SubmittedUtc:yyyy-MM-dd}; "
        + $"latest total {Series.Points[^1].Total:0.##}{(Series.Points[^1].Band is { } b ? $" ({b})" : "")}.";

    public double YOf(decimal total) => Top + (Height - Top - Bottom) * (1 - (double)(Max == 0 ? 0 : Math.Clamp(total / Max, 0, 1)));

    public double XOf(DateTimeOffset when)
    {
        var first = Series.Points[0].SubmittedUtc;
        var span = (Series.Points[^1].SubmittedUtc - first).TotalSeconds;
        var plot = Width - Left - Right;
        return span <= 0 ? Left + plot / 2.0 : Left + plot * (when - first).TotalSeconds / span;
    }

    public IEnumerable<(ScoreBand Band, string Y, string Height, string Fill, string LabelY)> Bands =>
        Score.Bands.Select((b, i) =>
        {
            var top = YOf(Math.Min(b.Max + (b.Max < Max ? 0.5m : 0), Max));
            var bottom = YOf(Math.Max(b.Min - (b.Min > 0 ? 0.5m : 0), 0));
            return (b, Px(top), Px(Math.Max(0, bottom - top)), BandFills[i % BandFills.Length], Px((top + bottom) / 2 + 4));
        });

    public string Polyline => string.Join(' ', Series.Points.Select(p => $"{Px(XOf(p.SubmittedUtc))},{Px(YOf(p.Total))}"));

    public static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
