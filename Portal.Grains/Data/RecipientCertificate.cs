namespace Portal.Grains.Data;

/// <summary>A patient's S/MIME certificate (public), checked when added and again before every use.</summary>
public sealed class RecipientCertificate
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public byte[] Der { get; set; } = [];

    /// <summary>SHA-256 of the certificate, shown to staff and recorded as delivery evidence.</summary>
    public string Fingerprint { get; set; } = "";
    public DateTime NotAfterUtc { get; set; }
    public DateTime AddedUtc { get; set; }
    public Guid AddedById { get; set; }
}
