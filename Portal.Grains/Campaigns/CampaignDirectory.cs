using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>A campaign as the list shows it.</summary>
public sealed record CampaignSummary(Guid Id, string Name, CampaignGoal Goal, CampaignPurpose Purpose, CampaignStatus Status, int Queued, DateTime UpdatedUtc, DateTime? LaunchedUtc);

/// <summary>Who a campaign would reach if it launched now.</summary>
public sealed record AudienceEstimate(int Reached, LeftOutCounts LeftOut);

/// <summary>The campaigns to list, and the audience a draft would reach now (counts only).</summary>
public sealed class CampaignDirectory(IDbContextFactory<PortalDbContext> dbFactory, CampaignAudience audience, Audience.Segments.Segments segments)
{
    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Campaigns.AsNoTracking()
            .Select(c => new CampaignSummary(c.Id, c.Name, c.Goal, c.Purpose, c.Status, c.QueuedCount, c.UpdatedUtc, c.LaunchedUtc))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(c => c.UpdatedUtc)];
    }

    public async Task<AudienceEstimate?> EstimateAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken) is not { SegmentId: { } segmentId } campaign) return null;
        if (await segments.FindAsync(segmentId, cancellationToken) is not { } segment) return null;
        var selected = await audience.SelectAsync(db, campaign, segment.Definition, cancellationToken);
        return new AudienceEstimate(selected.Recipients.Count, selected.LeftOut);
    }
}
