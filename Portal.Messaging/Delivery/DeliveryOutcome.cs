namespace Portal.Messaging.Delivery;

/// <summary>
/// The result of one delivery attempt. <see cref="Detail"/> is safe to log: email addresses are
/// removed from server replies before they are kept.
/// </summary>
/// <param name="Status">Delivered, temporary, permanent, or no secure route.</param>
/// <param name="ReplyCode">SMTP reply code (e.g. 550) when the server answered.</param>
/// <param name="EnhancedStatusCode">RFC 3463 enhanced status code (e.g. 5.1.1) when the server gave one.</param>
/// <param name="Detail">Short description with every email address redacted.</param>
public sealed record DeliveryOutcome(DeliveryStatus Status, int? ReplyCode, string? EnhancedStatusCode, string Detail)
{
    /// <summary>The message was accepted.</summary>
    public static DeliveryOutcome Delivered { get; } = new(DeliveryStatus.Delivered, 250, null, "Accepted.");

    /// <summary>A temporary failure; <paramref name="detail"/> is redacted here.</summary>
    public static DeliveryOutcome Temporary(int? replyCode, string? enhancedStatusCode, string detail) =>
        new(DeliveryStatus.TemporaryFailure, replyCode, enhancedStatusCode, AddressRedactor.Redact(detail));

    /// <summary>A permanent failure; <paramref name="detail"/> is redacted here.</summary>
    public static DeliveryOutcome Permanent(int? replyCode, string? enhancedStatusCode, string detail) =>
        new(DeliveryStatus.PermanentFailure, replyCode, enhancedStatusCode, AddressRedactor.Redact(detail));

    /// <summary>No secure route; <paramref name="detail"/> is redacted here.</summary>
    public static DeliveryOutcome NoSecureRoute(string detail) =>
        new(DeliveryStatus.NoSecureRoute, null, null, AddressRedactor.Redact(detail));

    /// <summary>
    /// How the accepting session was protected (TLS version and cipher suite, and the server), when
    /// known: kept beside a message whose policy required verified TLS, as proof of how it went out.
    /// </summary>
    public string? TransportEvidence { get; init; }

    /// <summary>True when trying again later may succeed.</summary>
    public bool ShouldRetry => Status == DeliveryStatus.TemporaryFailure;

    /// <summary>
    /// The receiver asks the sender to slow down: 421 (Gmail's 4.7.28 rate limits, Yahoo's "temporarily deferred
    /// due to unexpected volume" TSS04) or a 4.7.x policy deferral. Sending to that domain slows; the mail is retried.
    /// </summary>
    public bool IsThrottling => Status == DeliveryStatus.TemporaryFailure
        && (ReplyCode == 421 || (ReplyCode is 450 or 451 or 452 && EnhancedStatusCode?.StartsWith("4.7.", StringComparison.Ordinal) == true));
}
