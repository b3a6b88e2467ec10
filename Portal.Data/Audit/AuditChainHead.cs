using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audit;

/// <summary>
/// The end of the audit chain: the last entry's sequence and hash. Its one row is also the lock every writer takes
/// (an UPDATE first) before appending, so entries written by several processes still form a single chain.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingleRowId = 1;

    public int Id { get; set; }
    public long Sequence { get; set; }
    public byte[] Hash { get; set; } = [];

    /// <summary>Bumped by every append; the UPDATE that bumps it is what serialises writers.</summary>
    public long Version { get; set; }
}

public sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> head)
    {
        head.HasKey(h => h.Id);
        head.Property(h => h.Id).ValueGeneratedNever();
        head.Property(h => h.Hash).HasMaxLength(32);
        // The genesis: no entries yet, the hash of "nothing" is 32 zero bytes.
        head.HasData(new AuditChainHead { Id = AuditChainHead.SingleRowId, Sequence = 0, Hash = new byte[32], Version = 0 });
    }
}
