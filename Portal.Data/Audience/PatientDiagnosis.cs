using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Audience;

public enum CodeSystem : byte
{
    /// <summary>ICD-10-CM, http://hl7.org/fhir/sid/icd-10-cm</summary>
    Icd10Cm = 1,

    /// <summary>SNOMED CT, http://snomed.info/sct (accepted on import and kept as given).</summary>
    SnomedCt = 2,
}

/// <summary>A diagnosis on the patient's problem list. The code and its text are encrypted; segments use the
/// code's tokens.</summary>
public sealed class PatientDiagnosis
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public CodeSystem System { get; set; }

    /// <summary>The code and its display text as JSON, encrypted with the patient's data key.</summary>
    public byte[] CodeCipher { get; set; } = [];

    /// <summary>When it was recorded (onset or recorded date from the source), to the day.</summary>
    public DateTime? RecordedUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
}

public sealed class PatientDiagnosisConfiguration : IEntityTypeConfiguration<PatientDiagnosis>
{
    public void Configure(EntityTypeBuilder<PatientDiagnosis> diagnosis)
    {
        diagnosis.ToTable("PatientDiagnoses");
        diagnosis.HasKey(d => d.Id);
        diagnosis.HasIndex(d => d.PatientId);
        diagnosis.HasOne<Patient>().WithMany().HasForeignKey(d => d.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
