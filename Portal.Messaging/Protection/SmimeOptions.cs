namespace Portal.Messaging.Protection;

/// <summary>The organisation's S/MIME signing identity. Without it, S/MIME delivery is not offered.</summary>
public sealed class SmimeOptions
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Smime";

    /// <summary>A PKCS#12 (.pfx) file holding the organisation's certificate and RSA private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }
}
