using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>A registered passkey or security key (WebAuthn credential) of an account.</summary>
public sealed class PasskeyCredential
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public byte[] CredentialId { get; set; } = [];
    public byte[] PublicKey { get; set; } = [];

    /// <summary>The authenticator's signature counter as last seen; an assertion at or below it means a cloned authenticator.</summary>
    public long SignCount { get; set; }
    public string Name { get; set; } = "";
    public Guid AaGuid { get; set; }
    public bool IsBackupEligible { get; set; }
    public string? Transports { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }
}

public sealed class PasskeyCredentialConfiguration : IEntityTypeConfiguration<PasskeyCredential>
{
    public void Configure(EntityTypeBuilder<PasskeyCredential> passkey)
    {
        passkey.HasKey(p => p.Id);
        passkey.HasIndex(p => p.CredentialId).IsUnique();
        passkey.HasIndex(p => p.UserId);
        passkey.Property(p => p.Name).HasMaxLength(64);
        passkey.Property(p => p.Transports).HasMaxLength(100);
        passkey.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
