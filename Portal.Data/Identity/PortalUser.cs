using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Identity;

/// <summary>An account of any role. A patient's clinical data lives in <see cref="Patient"/>, encrypted. <see cref="IdentityUser{TKey}.Email"/>
/// holds the address sealed and <see cref="IdentityUser{TKey}.NormalizedEmail"/> its look-up token; the user name is the account id.</summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    /// <summary>Name shown to colleagues for staff accounts; for patients a neutral label, never clinical data.</summary>
    public string DisplayName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    /// <summary>Set when an admin invited the account (it has its role, but no password until the invitation is accepted).</summary>
    public DateTime? InvitedUtc { get; set; }

    /// <summary>Set while an admin has deactivated the account: it cannot sign in, and its sessions were ended.</summary>
    public DateTime? DeactivatedUtc { get; set; }
}

public sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(200);
        // The address sealed (a prefix and base64 of nonce, tag and up to 254 bytes) and its look-up token, never in clear.
        user.Property(u => u.Email).HasMaxLength(512);
    }
}
