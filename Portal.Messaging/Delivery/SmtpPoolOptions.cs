using System.ComponentModel.DataAnnotations;

namespace Portal.Messaging.Delivery;

/// <summary>Limits and timeouts of the <see cref="SmtpConnectionPool"/>.</summary>
public sealed class SmtpPoolOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Delivery:Pool";

    /// <summary>
    /// Most connections open at once to one destination domain. Receivers throttle or block
    /// senders that open many parallel sessions, so this stays small.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConnectionsPerDomain { get; set; } = 4;

    /// <summary>Seconds an unused connection is kept; receivers drop idle sessions themselves after a minute or so.</summary>
    [Range(1, 3600)]
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Messages per second sent to one destination domain (token bucket refill rate).</summary>
    [Range(0.001, 1_000_000)]
    public double MessagesPerSecondPerDomain { get; set; } = 100;

    /// <summary>Messages that may go to one domain back to back before the rate applies (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int BurstPerDomain { get; set; } = 20;

    /// <summary>Messages sent over one connection before it is closed and replaced; many receivers cap this.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessagesPerConnection { get; set; } = 1000;

    /// <summary>Seconds to wait for a connection or a server reply before giving up.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Name announced in EHLO; receivers compare it with reverse DNS. Null uses the machine name.</summary>
    public string? HeloName { get; set; }
}
