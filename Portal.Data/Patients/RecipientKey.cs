using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Patients;

/// <summary>A patient's public key material for end-to-end email: an S/MIME certificate or an OpenPGP key.
/// Checked when added and again before every use.</summary>
public sealed record RecipientKey
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public RecipientKeyKind Kind { get; set; }

    /// <summary>The certificate (DER) or the OpenPGP public key (armored text, UTF-8), encrypted under the patient's
    /// key when <see cref="Sealed"/>: a certificate's subject and a key's user id name the patient.</summary>
    public byte[] Material { get; set; } = [];

    /// <summary>False only for rows written before material was encrypted, until the start-up pass seals them.</summary>
    public bool Sealed { get; set; }

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

public sealed class RecipientKeyConfiguration : IEntityTypeConfiguration<RecipientKey>
{
    public void Configure(EntityTypeBuilder<RecipientKey> key)
    {
        key.HasKey(k => k.Id);
        key.Property(k => k.Fingerprint).HasMaxLength(64);
        key.HasIndex(k => new { k.PatientId, k.Fingerprint }).IsUnique();
        key.HasOne<Patient>().WithMany().HasForeignKey(k => k.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
