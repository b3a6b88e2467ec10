using Orleans.Concurrency;
using Portal.Grains.Audit;

namespace Portal.Grains.Campaigns;

/// <summary>
/// One campaign, keyed by its id: the only writer of its row. It checks the caller's role itself (marketers and
/// admins), freezes the content at launch, queues every recipient in one transaction and moves the queued rows when
/// paused, resumed or cancelled.
/// </summary>
public interface ICampaignGrain : IGrainWithGuidKey
{
    /// <summary>Creates the draft or changes it; refused once launched.</summary>
    Task<CampaignResult> SaveDraftAsync(CampaignDraft draft, AuditActor actor);

    [ReadOnly, AlwaysInterleave]
    Task<CampaignView?> GetAsync();

    /// <summary>Checks the lints and, when none is an error, starts queuing; the page answers before queuing ends.</summary>
    Task<CampaignResult> LaunchAsync(AuditActor actor);

    /// <summary>Queues the recipients of a launched campaign; does nothing unless it is queuing (so repeats are harmless).</summary>
    Task QueueAsync();

    Task<CampaignResult> PauseAsync(AuditActor actor);

    Task<CampaignResult> ResumeAsync(AuditActor actor);

    /// <summary>Stops what has not left yet; what is in flight may still arrive.</summary>
    Task<CampaignResult> CancelAsync(AuditActor actor);

    /// <summary>The figures now; a sending campaign with nothing left waiting becomes Sent.</summary>
    [AlwaysInterleave]
    Task<CampaignProgress?> GetProgressAsync();
}
