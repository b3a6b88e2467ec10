namespace Portal.Messaging.Delivery;

/// <summary>
/// What stands between the session the portal opens and the recipient's own mail server. Verified
/// TLS on the first session proves nothing about a hop the portal does not make, so mail that may
/// only travel over verified TLS needs the relay to carry that requirement onward.
/// </summary>
public enum OnwardHop
{
    /// <summary>The session reaches the recipient domain's own server (direct delivery): it is the last hop.</summary>
    None,

    /// <summary>
    /// A relay that is trusted onward only per message, through REQUIRETLS (RFC 8689): a relay that
    /// does not offer it gets no mail that needs verified TLS.
    /// </summary>
    RelayRequireTls,

    /// <summary>
    /// A relay the operator declares verifies TLS to every recipient server (Postfix
    /// <c>smtp_tls_security_level = verify</c> or <c>dane</c>); REQUIRETLS is still asked for when offered.
    /// </summary>
    RelayDeclaredVerified,
}
