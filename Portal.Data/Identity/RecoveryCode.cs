using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>A one-time recovery code, stored only as a SHA-256 hash (codes carry 80 random bits, so a hash cannot be reversed by search).</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}

public sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> code)
    {
        code.HasKey(c => c.Id);
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.HasIndex(c => new { c.UserId, c.CodeHash }).IsUnique();
        code.HasOne<PortalUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
