using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>A public link to a form (e.g. new-patient intake), usable without signing in. Only the token's hash is stored.</summary>
public sealed class PublicFormLink
{
    public Guid Id { get; set; }
    public required string TokenHash { get; set; }
    public required string FormId { get; set; }
    public int FormVersion { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? DisabledUtc { get; set; }
}

internal sealed class PublicFormLinkConfiguration : IEntityTypeConfiguration<PublicFormLink>
{
    public void Configure(EntityTypeBuilder<PublicFormLink> link)
    {
        link.HasKey(l => l.Id);
        link.Property(l => l.TokenHash).HasMaxLength(64);
        link.Property(l => l.FormId).HasMaxLength(64);
        link.HasIndex(l => l.TokenHash).IsUnique();
    }
}
