using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audit;

/// <summary>One audited event. Holds ids and outcomes, never PHI.</summary>
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
    }
}
