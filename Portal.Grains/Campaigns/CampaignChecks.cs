using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Data.Campaigns;
using Portal.Messaging.Campaigns;
using Portal.Messaging.Delivery;
using Portal.Messaging.Notifications;

namespace Portal.Grains.Campaigns;

/// <summary>Everything that must hold before a campaign may launch: the draft's own fields and the content's lints.</summary>
public sealed class CampaignChecks(IOptions<CampaignOptions> options, IOptions<NotificationOptions> notifications, IServiceProvider services, TimeProvider clock)
{
    public const int MaxNameLength = 120;
    public const int MaxHoldoutPercent = 50;

    /// <summary>Problems with the draft's own fields (refused even when saving).</summary>
    public static string? DraftProblem(CampaignDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > MaxNameLength || draft.Name.Any(char.IsControl))
            return $"Give the campaign a name of up to {MaxNameLength} characters.";
        if (!Enum.IsDefined(draft.Goal)) return "Choose the campaign's goal.";
        if (!Enum.IsDefined(draft.Purpose)) return "Choose whether the campaign is care communication or marketing.";
        if (!Enum.IsDefined(draft.Schedule)) return "Choose when the campaign is sent.";
        if (draft.HoldoutPercent is < 0 or > MaxHoldoutPercent) return $"The holdout group is 0 to {MaxHoldoutPercent}% of the audience.";
        if (draft.Schedule != CampaignSchedule.Now && CampaignTiming.ParseLocal(draft.SendAtLocal) is null)
            return "Give the date and time the campaign is sent, as the date and time fields take it.";
        if (draft.PaidByThirdParty && draft.Purpose != CampaignPurpose.Marketing)
            return "A campaign a third party pays for is marketing (45 CFR 164.501): choose marketing.";
        if (draft.FromName.Length > 100 || draft.Subject.Length > CampaignLinter.MaxSubjectLength || draft.Preheader.Length > 200)
            return "The From name, subject or preheader is too long.";
        if (draft.DesignJson.Length > 512 * 1024) return "The content is too large.";
        return null;
    }

    public LintSettings Settings => new(
        new Uri(notifications.Value.PortalBaseUrl).Host,
        options.Value.LinkDomains,
        notifications.Value.OrganisationName,
        options.Value.PostalAddress,
        services.GetService<UnsubscribeTokens>() is not null);

    public CampaignFooter Footer => new(notifications.Value.OrganisationName, options.Value.PostalAddress);

    /// <summary>Every finding for the draft, its audience included; launch needs none of severity error.</summary>
    public IReadOnlyList<Lint> Check(CampaignDraft draft)
    {
        var lints = new List<Lint>();
        if (draft.SegmentId is null) lints.Add(new Lint("audience", LintSeverity.Error, "Choose the segment the campaign goes to."));
        if (draft.Schedule != CampaignSchedule.Now)
        {
            var first = CampaignTiming.From(options.Value).FirstUtc(draft.Schedule, draft.SendAtLocal, clock.GetUtcNow().UtcDateTime);
            if (first is null) lints.Add(new Lint("when", LintSeverity.Error, "Give the date and time the campaign is sent."));
            else if (first < clock.GetUtcNow().UtcDateTime) lints.Add(new Lint("when", LintSeverity.Error, "The time to send is in the past: choose a later one, or send now."));
        }
        lints.AddRange(CampaignLinter.Check(Envelope(draft), CampaignDesign.FromJson(draft.DesignJson), draft.Purpose == CampaignPurpose.Marketing, Settings));
        return lints;
    }

    public static CampaignEnvelope Envelope(CampaignDraft draft) => new(draft.FromName, draft.Subject, draft.Preheader);
}
