using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>A browser an account has signed in from, known by a hash of a random cookie it holds.
/// A sign-in from a browser not on the list triggers a notice to the account's owner.</summary>
public sealed class KnownDevice
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string DeviceHash { get; set; } = "";
    public DateTime FirstSeenUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    public string? LastAddress { get; set; }
}

public sealed class KnownDeviceConfiguration : IEntityTypeConfiguration<KnownDevice>
{
    public void Configure(EntityTypeBuilder<KnownDevice> device)
    {
        device.HasKey(d => d.Id);
        device.Property(d => d.DeviceHash).HasMaxLength(64);
        device.Property(d => d.LastAddress).HasMaxLength(64);
        device.HasIndex(d => new { d.UserId, d.DeviceHash }).IsUnique();
        device.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
