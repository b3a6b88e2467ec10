using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Security;

/// <summary>Rate limits on sign-in, second factor, recovery and password reset, per client address and per account name.</summary>
public sealed class AbuseProtectionOptions
{
    public const string SectionName = "AbuseProtection";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts from one address in a window (generous: a clinic's patients may share one address).</summary>
    [Range(1, 1_000_000)]
    public int AttemptsPerAddress { get; set; } = 100;

    /// <summary>Attempts naming one account in a window, whether or not the account exists.</summary>
    [Range(1, 1_000_000)]
    public int AttemptsPerAccount { get; set; } = 20;
}
