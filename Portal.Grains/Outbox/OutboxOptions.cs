using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How long a worker owns leased rows; after that a crashed worker's rows are taken again.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox is checked when nothing signals new rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>After this long without success a row is recorded as failed.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(5);
}
