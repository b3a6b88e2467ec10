using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Patients;

/// <summary>Emergency access by a staff member outside the patient's care team: given a reason, for a short time, audited and reported to admins.</summary>
public sealed class BreakGlassGrant
{
    public Guid Id { get; set; }
    public Guid StaffId { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>The stated reason, encrypted with the patient's data key (it may mention clinical facts).</summary>
    public byte[] ReasonCipher { get; set; } = [];
    public DateTime GrantedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
}

public sealed class BreakGlassGrantConfiguration : IEntityTypeConfiguration<BreakGlassGrant>
{
    public void Configure(EntityTypeBuilder<BreakGlassGrant> grant)
    {
        grant.HasKey(g => g.Id);
        grant.HasIndex(g => new { g.StaffId, g.PatientId, g.ExpiresUtc });
    }
}
