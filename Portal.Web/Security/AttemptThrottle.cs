using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Web.Security;

/// <summary>
/// Sliding-window limits on authentication attempts, keyed by client address and by the account
/// name typed (existing or not, so the limit itself reveals nothing). Kept in memory per node.
/// </summary>
public sealed class AttemptThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AttemptThrottle(IOptions<AbuseProtectionOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ =>
            new SlidingWindowRateLimiterOptions
            {
                PermitLimit = key.StartsWith("address:", StringComparison.Ordinal) ? o.AttemptsPerAddress : o.AttemptsPerAccount,
                Window = o.Window,
                SegmentsPerWindow = 5,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Counts one attempt of <paramref name="action"/>; false when a limit is exceeded.</summary>
    public bool TryAttempt(string action, IPAddress? address, string? account)
    {
        using var byAddress = _limiter.AttemptAcquire($"address:{action}:{address}");
        if (!byAddress.IsAcquired)
            return false;
        if (string.IsNullOrWhiteSpace(account))
            return true;
        using var byAccount = _limiter.AttemptAcquire($"account:{action}:{account.Trim().ToUpperInvariant()}");
        return byAccount.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

public static class AttemptThrottleExtensions
{
    /// <summary>Counts an attempt from this page's client; when over a limit, sets the response to 429 and returns true.</summary>
    public static bool IsOverLimit(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, AttemptThrottle throttle, string action, string? account)
    {
        if (throttle.TryAttempt(action, page.HttpContext.Connection.RemoteIpAddress, account))
            return false;
        page.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return true;
    }
}
