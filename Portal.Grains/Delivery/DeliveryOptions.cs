using System.ComponentModel.DataAnnotations;

namespace Portal.Grains.Delivery;

/// <summary>How the delivery pool sends (configuration section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string SectionName = "Delivery";

    /// <summary>
    /// Relay: every message to one smart host (<c>Delivery:Relay</c>, or the <c>Smtp</c> section when that is not set).
    /// Direct: to each recipient domain's MX, STARTTLS with a valid certificate required, MTA-STS honoured.
    /// </summary>
    public DeliveryRoute Route { get; set; } = DeliveryRoute.Relay;

    /// <summary>
    /// Envelope sender for bounces, e.g. <c>bounces@portal.example.org</c>. Each message carries its
    /// outbox row in it (VERP: <c>bounces+ROW@portal.example.org</c>) so a bounce names its message
    /// even when the returned copy is cut short. Null uses the From address without VERP.
    /// </summary>
    public string? BounceAddress { get; set; }

    /// <summary>Port of the bounce mailbox's SMTP listener; null leaves it off.</summary>
    [Range(1, 65535)]
    public int? BounceListenerPort { get; set; }

    /// <summary>Address the bounce listener binds to.</summary>
    public string BounceListenerAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Largest report the bounce listener takes; it is advertised in SIZE and enforced while the data
    /// arrives (552, and nothing kept past it). Reports are small: a DSN quotes at most the headers.
    /// </summary>
    [Range(16 * 1024, 100 * 1024 * 1024)]
    public int BounceListenerMaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>SMTP sessions the bounce listener serves at once; a connection beyond it is answered 421 and closed.</summary>
    [Range(1, 1000)]
    public int BounceListenerMaxSessions { get; set; } = 20;

    /// <summary>Longest a bounce listener session may last, whatever it sends.</summary>
    public TimeSpan BounceListenerSessionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest the bounce listener waits for the next command (RFC 5321 4.5.3.2 suggests 5 minutes for a server; reports need far less).</summary>
    public TimeSpan BounceListenerCommandTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delivery workers draining the outbox at once on each silo (each holds one SMTP session while it sends).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 4;

    /// <summary>Delay before the second attempt after a temporary failure (doubles each time, with jitter).</summary>
    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long what was learnt about a domain's TLS is trusted before it is checked again.</summary>
    public TimeSpan TlsKnowledgeLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>PEM file of a private CA trusted (besides the system's) for relay or MX certificates, e.g. an organisation's internal relay.</summary>
    public string? TrustedCaCertificatePath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryFirstDelay <= TimeSpan.Zero || RetryMaxDelay < RetryFirstDelay)
            yield return new ValidationResult("Delivery:RetryFirstDelay must be positive and not above Delivery:RetryMaxDelay.");
        if (BounceAddress is not null && (!BounceAddress.Contains('@') || BounceAddress.Contains('+')))
            yield return new ValidationResult("Delivery:BounceAddress must be a plain address without '+' (the row id is added after a '+').");
        if (BounceListenerSessionTimeout <= TimeSpan.Zero || BounceListenerCommandTimeout <= TimeSpan.Zero || BounceListenerCommandTimeout > BounceListenerSessionTimeout)
            yield return new ValidationResult("Delivery:BounceListenerCommandTimeout must be positive and not above Delivery:BounceListenerSessionTimeout.");
        if (TrustedCaCertificatePath is not null && !File.Exists(TrustedCaCertificatePath))
            yield return new ValidationResult("Delivery:TrustedCaCertificatePath does not exist.");
    }
}

public enum DeliveryRoute
{
    Relay,
    Direct,
}
