using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Identity;

namespace Portal.Data.Patients;

/// <summary>A patient's record. Its id is the patient's account id. PHI columns hold ciphertext only.</summary>
public sealed class Patient
{
    public Guid Id { get; set; }

    /// <summary>Full name, encrypted with the patient's data key.</summary>
    public byte[] FullNameCipher { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
}

public sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> patient)
    {
        patient.HasKey(p => p.Id);
        patient.HasOne<PortalUser>().WithOne().HasForeignKey<Patient>(p => p.Id).OnDelete(DeleteBehavior.Restrict);
    }
}
