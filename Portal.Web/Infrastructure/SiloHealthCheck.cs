using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Web.Infrastructure;

/// <summary>Ready when the co-hosted silo answers a grain call.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The silo did not answer", ex);
        }
    }
}
