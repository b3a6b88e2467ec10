namespace Portal.Messaging.Delivery;

/// <summary>Whether a recipient domain can be reached, and how securely.</summary>
public enum RouteStatus
{
    /// <summary>Servers to try, best first.</summary>
    Routed,

    /// <summary>
    /// The domain's MTA-STS policy (enforce) allows none of its MX hosts. Do not send; the caller
    /// falls back to portal pickup.
    /// </summary>
    NoSecureRoute,

    /// <summary>The domain does not exist or accepts no mail (null MX, RFC 7505): a permanent failure.</summary>
    NoRoute,

    /// <summary>DNS failed for now; try again later.</summary>
    TemporaryFailure,
}
