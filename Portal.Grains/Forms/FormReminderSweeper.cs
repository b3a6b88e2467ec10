using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Grains.Forms;

/// <summary>Runs <see cref="FormReminderSchedule.SweepAsync"/> on an interval for as long as the host runs.</summary>
public sealed class FormReminderSweeper(FormReminderSchedule schedule, IOptions<FormRemindersOptions> options, TimeProvider clock, ILogger<FormReminderSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync("Form reminder sweep", options.Value.SweepInterval, clock, schedule.SweepAsync, logger, stoppingToken);
}
