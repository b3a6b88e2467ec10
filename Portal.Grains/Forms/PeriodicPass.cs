using Microsoft.Extensions.Logging;

namespace Portal.Grains.Forms;

/// <summary>
/// Runs one pass of database-driven work at once and then at a fixed interval until the host stops.
/// A failed pass is logged by its exception type only (no PHI) and the next pass runs as usual: the
/// work's state lives in its rows, so whatever a failed or interrupted pass left is done by the next.
/// </summary>
public static partial class PeriodicPass
{
    public static async Task RunAsync(string name, TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> pass, ILogger logger, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, name, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pass} failed: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string pass, string error);
}
