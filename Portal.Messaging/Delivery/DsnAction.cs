namespace Portal.Messaging.Delivery;

/// <summary>The Action field of a per-recipient DSN block (RFC 3464 section 2.3.3).</summary>
public enum DsnAction
{
    /// <summary>Missing or not one of the values below.</summary>
    Unknown,
    /// <summary>The message could not be delivered.</summary>
    Failed,
    /// <summary>Not delivered yet; the reporting server keeps trying.</summary>
    Delayed,
    /// <summary>Delivered to the recipient's mailbox.</summary>
    Delivered,
    /// <summary>Passed to a system that sends no DSNs.</summary>
    Relayed,
    /// <summary>Delivered and forwarded to further addresses (a list or alias).</summary>
    Expanded,
}
