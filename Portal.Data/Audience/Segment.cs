using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audience;

/// <summary>A saved audience: a marketer's rules (JSON) that campaigns and journeys evaluate when they run. The rules
/// name codes and ranges, never a patient.</summary>
public sealed class Segment
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string DefinitionJson { get; set; } = "";
    public Guid CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid UpdatedBy { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> segment)
    {
        segment.ToTable("Segments");
        segment.HasKey(s => s.Id);
        segment.Property(s => s.Name).HasMaxLength(120);
        segment.HasIndex(s => s.Name).IsUnique();
    }
}
