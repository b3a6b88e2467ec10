using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Api;

/// <summary>
/// A key another system (an EHR, a CRM, a scheduler) calls the API with. Only a hash of its secret is kept; the
/// key acts as a staff account (whose care team an import joins and whose name the audit shows) within its scopes.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>What the admin called it, e.g. "EHR nightly export".</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the secret: the secret is 32 random bytes, so a fast hash cannot be reversed.</summary>
    public byte[] SecretHash { get; set; } = [];

    /// <summary>Scopes separated by spaces, as in OAuth.</summary>
    public string Scopes { get; set; } = "";

    public Guid ActsForAccountId { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }

    /// <summary>The key this one replaced when it was rotated.</summary>
    public Guid? ReplacesKeyId { get; set; }
}

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> entity)
    {
        entity.ToTable("ApiKeys");
        entity.HasKey(k => k.Id);
        entity.Property(k => k.Name).HasMaxLength(100);
        entity.Property(k => k.SecretHash).HasMaxLength(32);
        entity.Property(k => k.Scopes).HasMaxLength(500);
        entity.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(k => k.ActsForAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
