namespace Portal.Grains.Identity;

/// <summary>How long accounts that were started but never finished are kept.</summary>
public sealed class AccountLifetimeOptions
{
    public const string SectionName = "Accounts";

    /// <summary>An admin's invitation link works this long; an invitation not accepted by then is removed.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A self-registration whose emailed link was never followed is removed after this (the link itself works 30 minutes).</summary>
    public TimeSpan UnfinishedRegistrationLifetime { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A lifetime as people read it in a mail or on a page: "7 days", "1 day", "12 hours".</summary>
    public static string Describe(TimeSpan lifetime) =>
        lifetime.TotalDays >= 1 && lifetime.TotalDays == Math.Floor(lifetime.TotalDays)
            ? lifetime.TotalDays == 1 ? "1 day" : $"{lifetime.TotalDays:0} days"
            : lifetime.TotalHours <= 1 ? "1 hour" : $"{Math.Ceiling(lifetime.TotalHours):0} hours";
}
