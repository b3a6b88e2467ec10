using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audience;

/// <summary>An organisation-wide key (such as the blind-index key), stored only protected by the key-encryption key.</summary>
public sealed class ProtectedKey
{
    public string Purpose { get; set; } = "";
    public byte[] Protected { get; set; } = [];
    public DateTime CreatedUtc { get; set; }
}

public sealed class ProtectedKeyConfiguration : IEntityTypeConfiguration<ProtectedKey>
{
    public void Configure(EntityTypeBuilder<ProtectedKey> key)
    {
        key.ToTable("ProtectedKeys");
        key.HasKey(k => k.Purpose);
        key.Property(k => k.Purpose).HasMaxLength(64);
    }
}
