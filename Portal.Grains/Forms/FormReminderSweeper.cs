using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Grains.Forms;

/// <summary>Runs <see cref="FormReminderSchedule.SweepAsync"/> on an interval for as long as the host runs.</summary>
public sealed class FormReminderSweeper(FormReminderSchedule schedule, IOptions<FormRemindersOptions> options, TimeProvider clock, ILogger<FormReminderSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await schedule.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Form reminder sweep failed: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
