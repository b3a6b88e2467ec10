namespace Portal.Messaging.Dkim;

/// <summary>
/// One DKIM key published under a selector. Several keys per algorithm allow rotation:
/// publish the new selector in DNS, add it here with an <see cref="ActiveFrom"/> in the future,
/// and signing moves over at that instant without a restart.
/// </summary>
public sealed class DkimKeyOptions
{
    /// <summary>The selector the public key is published under (<c>selector._domainkey.domain</c>).</summary>
    public string Selector { get; set; } = "";

    /// <summary>Which signature algorithm the key belongs to.</summary>
    public DkimKeyAlgorithm Algorithm { get; set; } = DkimKeyAlgorithm.RsaSha256;

    /// <summary>Path to a PEM file holding the private key (PKCS#8, or PKCS#1 for RSA).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The private key as PEM text, for secret stores that hand over values rather than files.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>
    /// When the key starts signing. Among the keys of one algorithm, the one with the latest
    /// <see cref="ActiveFrom"/> that has passed signs; <c>null</c> means "since forever".
    /// </summary>
    public DateTimeOffset? ActiveFrom { get; set; }
}
