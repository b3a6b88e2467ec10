using Portal.Data.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>What a marketer edits on a draft. <see cref="DesignJson"/> is a <see cref="Messaging.Campaigns.CampaignDesign"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] CampaignGoal Goal,
    [property: Id(2)] CampaignPurpose Purpose,
    [property: Id(3)] bool PaidByThirdParty,
    [property: Id(4)] Guid? SegmentId,
    [property: Id(5)] string FromName,
    [property: Id(6)] string Subject,
    [property: Id(7)] string Preheader,
    [property: Id(8)] string DesignJson,
    [property: Id(9)] CampaignSchedule Schedule = CampaignSchedule.Now,
    [property: Id(10)] string? SendAtLocal = null,
    [property: Id(11)] int HoldoutPercent = 0);

/// <summary>Why patients of the segment were left out, in counts only.</summary>
[GenerateSerializer, Immutable]
public sealed record LeftOutCounts(
    [property: Id(0)] int NoAddress,
    [property: Id(1)] int OptedOut,
    [property: Id(2)] int NoAuthorisation,
    [property: Id(3)] int Suppressed,
    [property: Id(4)] int Bounced,
    [property: Id(5)] int FrequencyCap = 0)
{
    public int Total => NoAddress + OptedOut + NoAuthorisation + Suppressed + Bounced + FrequencyCap;
}

/// <summary>A campaign as its pages show it.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] CampaignDraft Draft,
    [property: Id(2)] CampaignStatus Status,
    [property: Id(3)] DateTime UpdatedUtc,
    [property: Id(4)] DateTime? LaunchedUtc,
    [property: Id(5)] int Queued,
    [property: Id(6)] LeftOutCounts LeftOut,
    [property: Id(7)] int HeldOut = 0);

/// <summary>How far a launched campaign has got. Delivered means accepted by the receiving server and not bounced since.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignProgress(
    [property: Id(0)] CampaignStatus Status,
    [property: Id(1)] int Queued,
    [property: Id(2)] int Sent,
    [property: Id(3)] int Delivered,
    [property: Id(4)] int Deferred,
    [property: Id(5)] int Bounced,
    [property: Id(6)] int Complained,
    [property: Id(7)] int Unsubscribed,
    [property: Id(8)] int NotSent,
    [property: Id(9)] int Waiting)
{
    /// <summary>Share of the queued rows that are settled (sent or not sent), 0-100.</summary>
    public int PercentDone => Queued == 0 ? 0 : (int)Math.Floor(100.0 * (Sent + NotSent) / Queued);
}

/// <summary>The outcome of a change: null problem means done.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignResult([property: Id(0)] string? Problem)
{
    public static readonly CampaignResult Done = new((string?)null);
    public bool Succeeded => Problem is null;
}
