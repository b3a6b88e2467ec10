using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Identity;

namespace Portal.Data.Patients;

/// <summary>A staff member who cares for a patient and so may open the patient's record.</summary>
public sealed class CareTeamMember
{
    public Guid PatientId { get; set; }
    public Guid StaffId { get; set; }
    public DateTime AddedUtc { get; set; }
}

public sealed class CareTeamMemberConfiguration : IEntityTypeConfiguration<CareTeamMember>
{
    public void Configure(EntityTypeBuilder<CareTeamMember> member)
    {
        member.HasKey(m => new { m.PatientId, m.StaffId });
        member.HasIndex(m => m.StaffId);
        member.HasOne<Patient>().WithMany().HasForeignKey(m => m.PatientId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne<PortalUser>().WithMany().HasForeignKey(m => m.StaffId).OnDelete(DeleteBehavior.Cascade);
    }
}
