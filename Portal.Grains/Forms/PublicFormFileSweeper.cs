using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Grains.Forms;

/// <summary>Runs <see cref="PublicFormFiles.SweepAbandonedAsync"/> on an interval for as long as the host runs.</summary>
public sealed class PublicFormFileSweeper(PublicFormFiles files, IOptions<PublicFormUploadOptions> options, TimeProvider clock,
    ILogger<PublicFormFileSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync("Public form upload sweep", options.Value.SweepInterval, clock, files.SweepAbandonedAsync, logger, stoppingToken);
}
