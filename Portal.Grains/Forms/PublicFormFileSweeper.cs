using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Grains.Forms;

/// <summary>Runs <see cref="PublicFormFiles.SweepAbandonedAsync"/> on an interval for as long as the host runs.</summary>
public sealed class PublicFormFileSweeper(PublicFormFiles files, IOptions<PublicFormUploadOptions> options, TimeProvider clock,
    ILogger<PublicFormFileSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await files.SweepAbandonedAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Public form upload sweep failed: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
