using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Retention;

/// <summary>While a hold is active (not released), nothing of the patient's is disposed of by retention rules.</summary>
public sealed class LegalHold
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>A matter reference, as the admin typed it; never clinical content.</summary>
    public string Reference { get; set; } = "";
    public Guid PlacedBy { get; set; }
    public DateTime PlacedUtc { get; set; }
    public Guid? ReleasedBy { get; set; }
    public DateTime? ReleasedUtc { get; set; }
}

public sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> hold)
    {
        hold.HasKey(h => h.Id);
        hold.HasIndex(h => new { h.PatientId, h.ReleasedUtc });
        hold.Property(h => h.Reference).HasMaxLength(200);
    }
}
