using Microsoft.Extensions.Hosting;
using Orleans.Concurrency;
using Portal.Grains.Outbox;

namespace Portal.Grains.Delivery;

/// <summary>
/// Stateless workers, local to each silo, so several batches compose, DKIM-sign and send at once
/// across the cores. Correctness lives in the outbox rows (leases, tokens), never in grain memory:
/// a worker that dies with its silo leaves leases that expire and are taken again.
/// </summary>
[StatelessWorker(MaxLocalWorkers)]
public sealed class DeliveryWorkerGrain(OutboxDispatcher dispatcher, IHostApplicationLifetime lifetime) : Grain, IDeliveryWorkerGrain
{
    public const int MaxLocalWorkers = 16;

    public async Task<int> DrainAsync(int maxBatches, Data.Outbox.OutboxPool pool)
    {
        var total = 0;
        for (var i = 0; i < maxBatches && !lifetime.ApplicationStopping.IsCancellationRequested; i++)
        {
            var leased = await dispatcher.DispatchDueAsync(pool, lifetime.ApplicationStopping);
            if (leased == 0) break;
            total += leased;
        }
        return total;
    }
}
