namespace Portal.Grains.Campaigns;

/// <summary>What every campaign email says about its sender, and where its links may lead.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>The organisation's postal address: marketing mail must carry it (CAN-SPAM, 15 U.S.C. 7704(a)(5)).</summary>
    public string PostalAddress { get; set; } = "";

    /// <summary>Domains links and images may point to besides the portal itself (the organisation's site, its CDN).</summary>
    public List<string> LinkDomains { get; set; } = [];

    /// <summary>The organisation's time zone (IANA): for "at a time" schedules and patients whose time zone is unknown.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Local hours in which no campaign copy leaves (start to end, across midnight); copies due then wait for the end.</summary>
    public TimeSpan QuietHoursStart { get; set; } = new(21, 0, 0);
    public TimeSpan QuietHoursEnd { get; set; } = new(8, 0, 0);

    /// <summary>At most this many marketing campaign mails per patient in seven days (care campaigns never count); 0 for no cap.</summary>
    public int MarketingMailsPerPatientPerWeek { get; set; } = 3;
}
