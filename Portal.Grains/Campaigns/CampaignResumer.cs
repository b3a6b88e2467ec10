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
        // Grain calls need the co-hosted silo, which starts after this service.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        var queuing = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Queuing).Select(c => c.Id).ToListAsync(stoppingToken);
        foreach (var id in queuing)
            await grains.GetGrain<ICampaignGrain>(id).QueueAsync();
    }
}
