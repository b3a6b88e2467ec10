using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Data.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>At start, queues the campaigns a process died while queuing (their rows were never committed).</summary>
public sealed class CampaignResumer(IDbContextFactory<PortalDbContext> dbFactory, IGrainFactory grains, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await SiloStarted.WaitAsync(lifetime, stoppingToken)) return;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var queuing = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Queuing).Select(c => c.Id).ToListAsync(stoppingToken);
        foreach (var id in queuing)
            await grains.GetGrain<ICampaignGrain>(id).QueueAsync();
    }
}
