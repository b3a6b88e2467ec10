using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Messaging.Campaigns;

namespace Portal.Grains.Campaigns;

/// <inheritdoc cref="ICampaignGrain"/>
/// <remarks>
/// The row is the state: every change is one guarded UPDATE (or one transaction), so a second activation or a
/// repeated call changes nothing twice. Queuing claims the row (Queuing to Sending) in the same transaction that
/// writes the content and every outbox row: a process that dies while queuing leaves the campaign Queuing with
/// nothing queued, and <see cref="CampaignResumer"/> queues it again at start.
/// </remarks>
public sealed partial class CampaignGrain(
    IDbContextFactory<PortalDbContext> dbFactory,
    IProviderSql providerSql,
    OutboxSignal signal,
    CampaignChecks checks,
    CampaignAudience audience,
    Audience.Segments.Segments segments,
    IAuditLog audit,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain
{
    private readonly CampaignTiming timing = CampaignTiming.From(options.Value);

    /// <summary>Where a paused campaign's waiting rows are parked: far enough that no worker leases them.</summary>
    public static readonly DateTime PausedUntil = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private Guid Id => this.GetPrimaryKey();
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CampaignResult> SaveDraftAsync(CampaignDraft draft, AuditActor actor)
    {
        if (!MayRunCampaigns(actor)) return Refused;
        if (CampaignChecks.DraftProblem(draft) is { } problem) return new(problem);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == Id);
        if (row is null)
            db.Campaigns.Add(row = new Campaign { Id = Id, Status = CampaignStatus.Draft, CreatedBy = actor.UserId, CreatedUtc = Now });
        else if (row.Status != CampaignStatus.Draft)
            return new("A launched campaign cannot be changed: make a copy instead.");
        if (draft.SegmentId is { } segmentId && await segments.FindAsync(segmentId) is null) return new("No such segment.");
        row.Name = draft.Name.Trim();
        (row.Goal, row.Purpose, row.PaidByThirdParty, row.SegmentId) = (draft.Goal, draft.Purpose, draft.PaidByThirdParty, draft.SegmentId);
        (row.FromName, row.Subject, row.Preheader, row.DesignJson) = (draft.FromName.Trim(), draft.Subject.Trim(), draft.Preheader.Trim(), draft.DesignJson);
        (row.Schedule, row.SendAtLocal) = (draft.Schedule, draft.Schedule == CampaignSchedule.Now ? null : draft.SendAtLocal?.Trim());
        row.HoldoutPercent = draft.HoldoutPercent;
        row.UpdatedUtc = Now;
        await db.SaveChangesAsync();
        await audit.WriteAsync(new AuditRecord(AuditActions.CampaignSaved, AuditOutcomes.Success, actor, TargetId: Id.ToString()));
        return CampaignResult.Done;
    }

    public async Task<CampaignView?> GetAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id) is { } row ? View(row) : null;
    }

    public async Task<CampaignResult> LaunchAsync(AuditActor actor)
    {
        if (!MayRunCampaigns(actor)) return Refused;
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id) is not { } row) return new("No such campaign.");
        if (row.Status != CampaignStatus.Draft) return new("The campaign has already been launched.");
        if (checks.Check(View(row).Draft).Any(l => l.Severity == LintSeverity.Error)) return new("Fix what the checks found before launching.");
        if (await segments.FindAsync(row.SegmentId!.Value) is null) return new("The campaign's segment no longer exists.");
        var claimed = await db.Campaigns.Where(c => c.Id == Id && c.Status == CampaignStatus.Draft).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, CampaignStatus.Queuing)
            .SetProperty(c => c.LaunchedUtc, Now)
            .SetProperty(c => c.LaunchedBy, actor.UserId));
        if (claimed == 0) return new("The campaign has already been launched.");
        await audit.WriteAsync(new AuditRecord(AuditActions.CampaignLaunched, AuditOutcomes.Success, actor, TargetId: Id.ToString()));
        // Queued in a turn of its own, after this one answers: the page need not wait for 100,000 rows.
        GrainFactory.GetGrain<ICampaignGrain>(Id).QueueAsync().Ignore();
        return CampaignResult.Done;
    }

    public async Task QueueAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id) is not { Status: CampaignStatus.Queuing } row) return;
        if (row.SegmentId is not { } segmentId || await segments.FindAsync(segmentId) is not { } segment)
        {
            await db.Campaigns.Where(c => c.Id == Id && c.Status == CampaignStatus.Queuing).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Cancelled));
            LogSegmentGone(Id);
            return;
        }
        var started = clock.GetTimestamp();
        var selected = await audience.SelectAsync(db, row, segment.Definition);
        var (recipients, heldOut) = Holdout.Split(Id, selected.Recipients, row.HoldoutPercent);
        var now = Now;
        var content = new MarketingContent { Id = Guid.CreateVersion7(), ListId = Id, CampaignId = Id, Subject = row.Subject, CreatedUtc = now };
        var rows = recipients.Select(recipient =>
        {
            var outbox = OutboxWriter.NewRow(OutboxKind.Marketing, recipient.PatientId, content.Id, now);
            outbox.NextAttemptUtc = timing.SendUtc(row.Schedule, row.SendAtLocal, recipient.TimeZone, now);
            return outbox;
        }).ToList();
        var left = selected.LeftOut;

        await using var transaction = await db.Database.BeginTransactionAsync();
        var claimed = await db.Campaigns.Where(c => c.Id == Id && c.Status == CampaignStatus.Queuing).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, CampaignStatus.Sending)
            .SetProperty(c => c.ContentId, content.Id)
            .SetProperty(c => c.QueuedCount, rows.Count)
            .SetProperty(c => c.LeftOutNoAddress, left.NoAddress)
            .SetProperty(c => c.LeftOutOptedOut, left.OptedOut)
            .SetProperty(c => c.LeftOutNoAuthorisation, left.NoAuthorisation)
            .SetProperty(c => c.LeftOutSuppressed, left.Suppressed)
            .SetProperty(c => c.LeftOutBounced, left.Bounced)
            .SetProperty(c => c.LeftOutFrequencyCap, left.FrequencyCap)
            .SetProperty(c => c.HoldoutCount, heldOut.Count));
        if (claimed == 0) return; // cancelled meanwhile, or another activation queued it
        db.MarketingContents.Add(content);
        db.CampaignHoldouts.AddRange(heldOut.Select(r => new CampaignHoldout { CampaignId = Id, PatientId = r.PatientId }));
        await db.SaveChangesAsync();
        await providerSql.InsertOutboxAsync(db, rows, CancellationToken.None);
        await transaction.CommitAsync();
        signal.Notify();
        LogQueued(Id, rows.Count, left.Total, clock.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task<CampaignResult> PauseAsync(AuditActor actor)
    {
        if (!MayRunCampaigns(actor)) return Refused;
        var now = Now;
        var result = await MoveAsync(CampaignStatus.Sending, CampaignStatus.Paused, "Only a sending campaign can be paused.",
            waiting => waiting.Where(r => r.LeaseUntilUtc == null || r.LeaseUntilUtc < now)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptUtc, PausedUntil)));
        return await AuditedAsync(result, AuditActions.CampaignPaused, actor);
    }

    public async Task<CampaignResult> ResumeAsync(AuditActor actor)
    {
        if (!MayRunCampaigns(actor)) return Refused;
        // What waits leaves from now, or from the scheduled moment if that is still to come.
        var view = await GetAsync();
        var now = view is null ? Now : Max(Now, timing.FirstUtc(view.Draft.Schedule, view.Draft.SendAtLocal, Now) ?? Now);
        var result = await MoveAsync(CampaignStatus.Paused, CampaignStatus.Sending, "Only a paused campaign can be resumed.",
            waiting => waiting.Where(r => r.NextAttemptUtc >= PausedUntil).ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptUtc, now)));
        if (result.Succeeded) signal.Notify();
        return await AuditedAsync(result, AuditActions.CampaignResumed, actor);
    }

    public async Task<CampaignResult> CancelAsync(AuditActor actor)
    {
        if (!MayRunCampaigns(actor)) return Refused;
        var now = Now;
        CampaignResult result = new("Only a launched campaign that has not been cancelled can be cancelled.");
        foreach (var from in new[] { CampaignStatus.Sending, CampaignStatus.Paused, CampaignStatus.Queuing })
        {
            result = await MoveAsync(from, CampaignStatus.Cancelled, result.Problem!,
                waiting => waiting.Where(r => r.LeaseUntilUtc == null || r.LeaseUntilUtc < now).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.FailedUtc, now)
                    .SetProperty(r => r.LastError, "The campaign was cancelled.")));
            if (result.Succeeded) break;
        }
        return await AuditedAsync(result, AuditActions.CampaignCancelled, actor);
    }

    public async Task<CampaignProgress?> GetProgressAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id) is not { } row) return null;
        if (row.ContentId is not { } contentId) return new CampaignProgress(row.Status, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var outbox = db.Outbox.AsNoTracking().Where(r => r.ReferenceId == contentId);
        var sent = await outbox.CountAsync(r => r.SentUtc != null);
        var notSent = await outbox.CountAsync(r => r.FailedUtc != null);
        var deferred = await outbox.CountAsync(r => r.SentUtc == null && r.FailedUtc == null && r.Attempts > 0);
        var events = await db.DeliveryEvents.AsNoTracking().Where(e => e.ReferenceId == contentId && (e.Kind == DeliveryEventKind.Bounced || e.Kind == DeliveryEventKind.Complained))
            .GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        var bounced = events.FirstOrDefault(e => e.Key == DeliveryEventKind.Bounced)?.Count ?? 0;
        var complained = events.FirstOrDefault(e => e.Key == DeliveryEventKind.Complained)?.Count ?? 0;
        var unsubscribed = await db.ListUnsubscriptions.AsNoTracking().CountAsync(u => u.ListId == Id);
        var waiting = Math.Max(0, row.QueuedCount - sent - notSent);
        var status = row.Status;
        // Guarded, so a pause or cancel that comes in between wins.
        if (status == CampaignStatus.Sending && waiting == 0
            && await db.Campaigns.Where(c => c.Id == Id && c.Status == CampaignStatus.Sending).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Sent)) == 1)
            status = CampaignStatus.Sent;
        return new CampaignProgress(status, row.QueuedCount, sent, Math.Max(0, sent - bounced), deferred, bounced, complained, unsubscribed, notSent, waiting);
    }

    // Moves the status and the campaign's waiting rows together, or neither.
    private async Task<CampaignResult> MoveAsync(CampaignStatus from, CampaignStatus to, string problem, Func<IQueryable<OutboxMessage>, Task<int>> moveWaiting)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (await db.Campaigns.Where(c => c.Id == Id && c.Status == from).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to)) == 0)
            return new(problem);
        var contentId = await db.Campaigns.Where(c => c.Id == Id).Select(c => c.ContentId).SingleAsync();
        if (contentId is not null)
            await moveWaiting(db.Outbox.Where(r => r.ReferenceId == contentId && r.SentUtc == null && r.FailedUtc == null));
        await transaction.CommitAsync();
        return CampaignResult.Done;
    }

    private async Task<CampaignResult> AuditedAsync(CampaignResult result, string action, AuditActor actor)
    {
        if (result.Succeeded) await audit.WriteAsync(new AuditRecord(action, AuditOutcomes.Success, actor, TargetId: Id.ToString()));
        return result;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static readonly CampaignResult Refused = new("Only marketers and admins run campaigns.");

    private static bool MayRunCampaigns(AuditActor actor) => actor.Role is PortalRoles.Marketer or PortalRoles.Admin;

    private static CampaignView View(Campaign row) => new(
        row.Id,
        new CampaignDraft(row.Name, row.Goal, row.Purpose, row.PaidByThirdParty, row.SegmentId, row.FromName, row.Subject, row.Preheader, row.DesignJson, row.Schedule, row.SendAtLocal, row.HoldoutPercent),
        row.Status, row.UpdatedUtc, row.LaunchedUtc, row.QueuedCount,
        new LeftOutCounts(row.LeftOutNoAddress, row.LeftOutOptedOut, row.LeftOutNoAuthorisation, row.LeftOutSuppressed, row.LeftOutBounced, row.LeftOutFrequencyCap), row.HoldoutCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} queued {Queued} recipients ({LeftOut} left out) in {Milliseconds:0} ms")]
    private partial void LogQueued(Guid campaignId, int queued, int leftOut, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId} was cancelled at queuing: its segment no longer exists")]
    private partial void LogSegmentGone(Guid campaignId);
}
