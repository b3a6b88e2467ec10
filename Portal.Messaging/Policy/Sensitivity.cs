namespace Portal.Messaging.Policy;

/// <summary>How sensitive a message's content is. Ordered: a higher value never travels a weaker way.</summary>
public enum Sensitivity
{
    /// <summary>No health information (e.g. an office closure notice).</summary>
    None = 0,
    /// <summary>Minimal PHI such as an appointment reminder without clinical detail.</summary>
    LightPhi = 1,
    /// <summary>Clinical content: diagnoses, medications, results, identifiers.</summary>
    Phi = 2,
    /// <summary>Specially protected content (e.g. HIV status, substance-use treatment, mental health, reproductive health, SSNs). Never leaves the portal.</summary>
    Restricted = 3,
}

/// <summary>How a message reaches its recipient.</summary>
public enum DeliveryMethod
{
    /// <summary>The whole message by email, only over verified TLS 1.2+ to the recipient's server.</summary>
    Tls,
    /// <summary>Signed and encrypted to the recipient's certificate.</summary>
    Smime,
    /// <summary>Encrypted (and signed) to the recipient's OpenPGP key.</summary>
    OpenPgp,
    /// <summary>A notice without PHI; the content stays in the portal.</summary>
    PortalPickup,
}
