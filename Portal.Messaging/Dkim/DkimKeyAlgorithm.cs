namespace Portal.Messaging.Dkim;

/// <summary>The signature algorithm a DKIM key is used with.</summary>
public enum DkimKeyAlgorithm
{
    /// <summary>rsa-sha256 (RFC 6376). Every receiver verifies it, so it is always required.</summary>
    RsaSha256,
    /// <summary>ed25519-sha256 (RFC 8463). Added alongside rsa-sha256 for receivers that prefer it.</summary>
    Ed25519Sha256,
}
