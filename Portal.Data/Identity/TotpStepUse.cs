using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Identity;

/// <summary>
/// The highest TOTP time step accepted for an account: a code at or below it is a replay.
/// Kept apart from the Identity user row so Identity's whole-row updates never roll it back.
/// </summary>
public sealed class TotpStepUse
{
    public Guid UserId { get; set; }
    public long LastTimeStep { get; set; }
}

public sealed class TotpStepUseConfiguration : IEntityTypeConfiguration<TotpStepUse>
{
    public void Configure(EntityTypeBuilder<TotpStepUse> use)
    {
        use.HasKey(u => u.UserId);
        use.HasOne<PortalUser>().WithOne().HasForeignKey<TotpStepUse>(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
