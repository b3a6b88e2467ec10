using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>A WebAuthn ceremony in progress: its options (with the challenge), usable once and only until it expires.</summary>
public sealed class PasskeyChallenge
{
    public Guid Id { get; set; }

    /// <summary>"register", "sign-in" or "second-factor".</summary>
    public string Purpose { get; set; } = "";

    /// <summary>The account the ceremony is for; null for a passwordless sign-in, where the authenticator names the account.</summary>
    public Guid? UserId { get; set; }
    public string OptionsJson { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
}

public sealed class PasskeyChallengeConfiguration : IEntityTypeConfiguration<PasskeyChallenge>
{
    public void Configure(EntityTypeBuilder<PasskeyChallenge> challenge)
    {
        challenge.HasKey(c => c.Id);
        challenge.Property(c => c.Purpose).HasMaxLength(16);
        challenge.HasIndex(c => c.ExpiresUtc);
    }
}
