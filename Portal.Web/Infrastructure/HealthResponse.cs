using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Plain "Healthy" when all is well; otherwise the status followed by each failing check's reason,
/// so an operator sees why (checks word their reasons without addresses or patient data).
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (report.Status == HealthStatus.Healthy)
            return context.Response.WriteAsync(report.Status.ToString());
        var reasons = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .Select(e => $"{e.Key}: {e.Value.Status}: {e.Value.Description}");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', reasons)}");
    }
}
