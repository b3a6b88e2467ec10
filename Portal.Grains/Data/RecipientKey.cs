namespace Portal.Grains.Data;

/// <summary>A patient's public key material for end-to-end email: an S/MIME certificate or an OpenPGP key.
/// Checked when added and again before every use.</summary>
public sealed record RecipientKey
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public RecipientKeyKind Kind { get; set; }

    /// <summary>The certificate (DER) or the OpenPGP public key (armored text, UTF-8).</summary>
    public byte[] Material { get; set; } = [];

    /// <summary>SHA-256 of a certificate or the OpenPGP fingerprint: shown to staff, recorded as delivery evidence.</summary>
    public string Fingerprint { get; set; } = "";
    public DateTime? ExpiresUtc { get; set; }
    public DateTime AddedUtc { get; set; }
    public Guid AddedById { get; set; }
}

public enum RecipientKeyKind
{
    SmimeCertificate = 1,
    OpenPgpKey = 2,
}
