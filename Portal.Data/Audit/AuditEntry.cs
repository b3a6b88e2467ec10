using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audit;

/// <summary>
/// One audited event. Holds ids and outcomes, never PHI. Entries form a hash chain: <see cref="Sequence"/> numbers
/// them without gaps and <see cref="Hash"/> covers this entry's content and the previous entry's hash, so a deleted,
/// edited or reordered row breaks the chain (Portal.Grains/Audit/README.md).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime TimestampUtc { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorRole { get; set; }
    public Guid? PatientId { get; set; }
    public string Action { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? TargetId { get; set; }
    public string? SourceIp { get; set; }

    /// <summary>1, 2, 3, ... in chain order; null only for rows of releases before the chain, until they are sealed into it.</summary>
    public long? Sequence { get; set; }

    /// <summary>SHA-256 over the previous entry's hash and this entry's canonical content.</summary>
    public byte[]? Hash { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Outcome).HasMaxLength(32);
        entry.Property(e => e.ActorRole).HasMaxLength(32);
        entry.Property(e => e.TargetId).HasMaxLength(64);
        entry.Property(e => e.SourceIp).HasMaxLength(64);
        entry.HasIndex(e => e.TimestampUtc);
        entry.HasIndex(e => new { e.PatientId, e.TimestampUtc });
        entry.HasIndex(e => e.Sequence).IsUnique();
        entry.Property(e => e.Hash).HasMaxLength(32);
    }
}
