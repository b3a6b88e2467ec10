using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Forms.Results;

/// <summary>How results are shown.</summary>
public sealed class FormResultsOptions
{
    public const string SectionName = "FormResults";

    /// <summary>
    /// Aggregate counts below this are shown as "fewer than N", so a chart cannot single out one patient's answer.
    /// 1 turns suppression off.
    /// </summary>
    [Range(1, 100)]
    public int MinimumCellSize { get; set; } = 3;
}
