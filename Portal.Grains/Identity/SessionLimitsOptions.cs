using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Identity;

/// <summary>Session limits, enforced on the server against the session row (not only by cookie expiry).</summary>
public sealed class SessionLimitsOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A session with no request for this long is ended.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>No session lives longer than this, active or not.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Sensitive actions need a second factor proved at most this long ago.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan StepUpMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long before idle sign-out the page warns.</summary>
    public TimeSpan IdleWarning { get; set; } = TimeSpan.FromMinutes(2);
}
