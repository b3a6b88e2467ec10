using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Patients;

/// <summary>A patient's data key, wrapped by the key-encryption key. Deleting the row crypto-shreds the patient's PHI.</summary>
public sealed class PatientDataKey
{
    public Guid PatientId { get; set; }
    public byte[] WrappedKey { get; set; } = [];

    /// <summary>Identifies which key-encryption key wrapped this key, so a wrong key is detected rather than producing garbage.</summary>
    public string KeyEncryptionKeyId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

public sealed class PatientDataKeyConfiguration : IEntityTypeConfiguration<PatientDataKey>
{
    public void Configure(EntityTypeBuilder<PatientDataKey> key)
    {
        key.HasKey(k => k.PatientId);
        key.Property(k => k.KeyEncryptionKeyId).HasMaxLength(64);
    }
}
