using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>
/// A signed-in session, held on the server so it can be ended there: the cookie only names it.
/// Idle and absolute limits are checked against this row on every request.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    /// <summary>When the user last proved a second factor in this session (sign-in or step-up).</summary>
    public DateTime? SecondFactorUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public string? RevokedReason { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.HasKey(s => s.Id);
        session.HasIndex(s => s.UserId);
        session.Property(s => s.RevokedReason).HasMaxLength(64);
        session.Property(s => s.ClientAddress).HasMaxLength(64);
        session.Property(s => s.UserAgent).HasMaxLength(256);
        session.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
