namespace Portal.Messaging.Delivery;

/// <summary>What became of one attempt to hand a message to the next hop.</summary>
public enum DeliveryStatus
{
    /// <summary>The server accepted the message (2xx after DATA).</summary>
    Delivered,

    /// <summary>Not delivered this time; retry later (4xx, timeouts, lost connections, DNS failures).</summary>
    TemporaryFailure,

    /// <summary>The server refused the message for good (5xx); do not retry.</summary>
    PermanentFailure,

    /// <summary>
    /// No encrypted, authenticated route: the server offered no STARTTLS, its certificate was not
    /// valid, or an MTA-STS policy in enforce mode lists none of its MX hosts. Nothing was sent.
    /// Kept apart from <see cref="TemporaryFailure"/> because a retry would meet the same server
    /// and retrying must never become sending in clear: the caller delivers through portal pickup.
    /// </summary>
    NoSecureRoute,
}
