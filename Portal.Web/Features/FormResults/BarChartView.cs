using System.Globalization;
using Portal.Grains.Forms.Results;

namespace Portal.Web.Features.FormResults;

/// <summary>A horizontal bar chart drawn as SVG on the server: one bar per choice, its count after it.</summary>
public sealed record BarChartView(string Id, string Title, string Description, IReadOnlyList<DistributionCell> Cells)
{
    public const int Width = 640;
    public const int LabelWidth = 240;
    public const int BarArea = 320;
    public const int RowHeight = 30;

    public int Height => Cells.Count * RowHeight + 8;

    private int Largest => Math.Max(1, Cells.Max(c => c.Count ?? 0));

    public string BarWidth(DistributionCell cell) => Px(cell.Count is { } n ? Math.Max(n == 0 ? 0 : 2, (double)n / Largest * BarArea) : 0);

    public string CountX(DistributionCell cell) => Px(LabelWidth + 8 + (cell.Count is { } n ? (double)n / Largest * BarArea : 0) + 6);

    public static string Y(int row) => Px(row * RowHeight + 4);

    public static string TextY(int row) => Px(row * RowHeight + 4 + RowHeight / 2.0 + 5);

    /// <summary>A suppressed count says only that it is hidden: it may be a secondary one, above the minimum.</summary>
    public static string CountText(DistributionCell cell) => cell.Count?.ToString(CultureInfo.InvariantCulture) ?? "hidden";

    /// <summary>Long labels are cut for the drawing; the table and the title keep them whole.</summary>
    public static string Short(string label) => label.Length <= 32 ? label : label[..31] + "…";

    public static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
