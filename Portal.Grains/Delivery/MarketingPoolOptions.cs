using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Delivery;

/// <summary>
/// The marketing pool's own sending settings (<c>Delivery:Marketing</c>). Bulk senders are judged by their domain's
/// reputation (Gmail and Yahoo's 2024 rules), so marketing sends from a domain of its own with its own bounce address,
/// at a pace that suits it, on workers of its own: care mail is never behind a campaign.
/// </summary>
public sealed class MarketingPoolOptions
{
    public const string SectionName = "Delivery:Marketing";

    /// <summary>The name of the marketing pool's DKIM options (<c>Delivery:Marketing:Dkim</c>, shaped as the Dkim section).</summary>
    public const string DkimName = "marketing";

    /// <summary>Workers sending marketing mail on each silo, beside the care workers.</summary>
    [Range(1, 16)]
    public int Workers { get; set; } = 2;

    /// <summary>Most marketing messages per second from one silo; 0 for no limit.</summary>
    [Range(0, 100_000)]
    public double MessagesPerSecond { get; set; }

    /// <summary>The From address of marketing mail, on its own domain (e.g. news@mail.clinic.example); by default the
    /// notifications' From address.</summary>
    [EmailAddress]
    public string? FromAddress { get; set; }

    /// <summary>The day (UTC) the marketing domain started sending: from then its daily volume ramps up
    /// (<see cref="WarmUpFirstDayVolume"/>, growing by <see cref="WarmUpDailyGrowth"/> a day), so mailbox providers
    /// learn its reputation before a full campaign. Null: no warm-up.</summary>
    public DateOnly? WarmUpStarted { get; set; }

    [Range(1, 1_000_000)]
    public int WarmUpFirstDayVolume { get; set; } = 1000;

    [Range(1.05, 10)]
    public double WarmUpDailyGrowth { get; set; } = 1.5;

    /// <summary>The bounce address marketing mail is sent from (VERP: +row id is added); by default Delivery:BounceAddress.</summary>
    [EmailAddress]
    public string? BounceAddress { get; set; }
}
