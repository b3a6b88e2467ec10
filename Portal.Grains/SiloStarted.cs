using Microsoft.Extensions.Hosting;

namespace Portal.Grains;

/// <summary>For background services that call grains: the co-hosted silo starts after them, so they wait for the host.</summary>
public static class SiloStarted
{
    /// <summary>Returns true once the host has started, false when it stops first.</summary>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return false; }
        }
        return true;
    }
}
