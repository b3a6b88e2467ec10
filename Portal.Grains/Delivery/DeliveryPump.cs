using Portal.Data.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Grains.Outbox;

namespace Portal.Grains.Delivery;

/// <summary>
/// Keeps the configured number of delivery workers busy while rows are due, and idle (woken by
/// <see cref="OutboxSignal"/> or the poll interval) when the outbox is empty.
/// </summary>
public sealed partial class DeliveryPump(
    IGrainFactory grains,
    OutboxSignal signal,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<DeliveryOptions> deliveryOptions,
    IOptions<MarketingPoolOptions> marketingOptions,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryPump> logger) : BackgroundService
{
    // Each grain call is bounded so it ends well inside Orleans' response timeout.
    private const int BatchesPerCall = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await SiloStarted.WaitAsync(lifetime, stoppingToken)) return;
        var care = Enumerable.Range(0, Math.Min(deliveryOptions.Value.Workers, DeliveryWorkerGrain.MaxLocalWorkers)).Select(_ => RunWorkerAsync(OutboxPool.Care, stoppingToken));
        var marketing = Enumerable.Range(0, marketingOptions.Value.Workers).Select(_ => RunWorkerAsync(OutboxPool.Marketing, stoppingToken));
        await Task.WhenAll(care.Concat(marketing));
    }

    private async Task RunWorkerAsync(OutboxPool pool, CancellationToken stoppingToken)
    {
        // One grain id per pool: each pool's stateless workers are activations of their own, so a marketing batch
        // never holds the activation a care batch would run on.
        var worker = grains.GetGrain<IDeliveryWorkerGrain>((long)pool);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next;
            var leased = 0;
            try
            {
                leased = await worker.DrainAsync(BatchesPerCall, pool);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                LogDrainFailed(ex.GetType().Name);
            }
            catch (Exception) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return; // the silo stops before this service; its leases expire and another worker takes the rows
            }
            if (leased > 0) continue;
            try
            {
                await wake.WaitAsync(outboxOptions.Value.PollInterval, stoppingToken);
            }
            catch (TimeoutException) { }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivery worker call failed: {ErrorType}")]
    private partial void LogDrainFailed(string errorType);
}
