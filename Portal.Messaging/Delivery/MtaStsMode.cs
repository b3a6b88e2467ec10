namespace Portal.Messaging.Delivery;

/// <summary>What an MTA-STS policy asks of senders (RFC 8461 section 5).</summary>
public enum MtaStsMode
{
    /// <summary>Deliver only to MX hosts the policy lists, over TLS with a valid certificate.</summary>
    Enforce,

    /// <summary>Report failures but deliver as if there were no policy.</summary>
    Testing,

    /// <summary>The domain has withdrawn its policy.</summary>
    None,
}
