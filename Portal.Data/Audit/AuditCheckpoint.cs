using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audit;

/// <summary>
/// The chain's head at a moment, signed with a key that is not in the database (derived from the key-encryption
/// key). Someone who rewrites the whole chain from some entry on cannot sign a matching checkpoint.
/// </summary>
public sealed class AuditCheckpoint
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public byte[] Hash { get; set; } = [];
    public DateTime CreatedUtc { get; set; }

    /// <summary>Which signing key (a fingerprint of its public key).</summary>
    public string KeyId { get; set; } = "";

    /// <summary>ECDSA P-256 with SHA-256 over the canonical checkpoint text (IEEE P1363 form).</summary>
    public byte[] Signature { get; set; } = [];
}

public sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> checkpoint)
    {
        checkpoint.HasKey(c => c.Id);
        checkpoint.HasIndex(c => c.Sequence);
        checkpoint.Property(c => c.Hash).HasMaxLength(32);
        checkpoint.Property(c => c.KeyId).HasMaxLength(32);
        checkpoint.Property(c => c.Signature).HasMaxLength(128);
    }
}
