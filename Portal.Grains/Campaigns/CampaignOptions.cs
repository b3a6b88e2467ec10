namespace Portal.Grains.Campaigns;

/// <summary>What every campaign email says about its sender, and where its links may lead.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>The organisation's postal address: marketing mail must carry it (CAN-SPAM, 15 U.S.C. 7704(a)(5)).</summary>
    public string PostalAddress { get; set; } = "";

    /// <summary>Domains links and images may point to besides the portal itself (the organisation's site, its CDN).</summary>
    public List<string> LinkDomains { get; set; } = [];
}
