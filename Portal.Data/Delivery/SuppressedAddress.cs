using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Delivery;

/// <summary>
/// An address no mail goes to any more, because it bounced hard or its owner complained. Every send
/// checks this list; a suppressed patient still finds secure messages in the portal.
/// </summary>
public sealed class SuppressedAddress
{
    /// <summary>The address's keyed look-up token (as <c>AspNetUsers.NormalizedEmail</c>), never the address itself.</summary>
    public string Address { get; set; } = "";
    public SuppressionReason Reason { get; set; }
    public DateTime SinceUtc { get; set; }

    /// <summary>The outbox row whose bounce or complaint caused it.</summary>
    public Guid? OutboxId { get; set; }

    /// <summary>Status code and server reply (addresses redacted).</summary>
    public string? Detail { get; set; }
}

public enum SuppressionReason
{
    HardBounce = 1,
    Complaint = 2,
}

public sealed class SuppressedAddressConfiguration : IEntityTypeConfiguration<SuppressedAddress>
{
    public void Configure(EntityTypeBuilder<SuppressedAddress> entity)
    {
        entity.ToTable("SuppressedAddresses");
        entity.HasKey(s => s.Address);
        entity.Property(s => s.Address).HasMaxLength(320);
        entity.Property(s => s.Detail).HasMaxLength(500);
    }
}
