using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Audience;

/// <summary>Administrative sex as EHRs exchange it (FHIR AdministrativeGender).</summary>
public enum AdministrativeSex : byte
{
    Unknown = 0,
    Female = 1,
    Male = 2,
    Other = 3,
}

/// <summary>
/// What is known about a patient for care and outreach. Direct identifiers (full date of birth, phone, address,
/// record number, risk flags, tags) are in <see cref="DetailsCipher"/> under the patient's key. Only coarse values a
/// segment filters on are in clear: birth year, sex, language, the first three characters of the postal code, the
/// time zone and the date of the last visit. Coded values (diagnoses, flags, tags, look-ups) are
/// <see cref="PatientToken"/>s.
/// </summary>
public sealed class PatientProfile
{
    public Guid PatientId { get; set; }

    /// <summary>The profile's identifying details as JSON, encrypted with the patient's data key.</summary>
    public byte[] DetailsCipher { get; set; } = [];

    public int? BirthYear { get; set; }
    public AdministrativeSex Sex { get; set; }

    /// <summary>A BCP 47 language tag such as "en" or "es-MX".</summary>
    public string? Language { get; set; }

    /// <summary>The first three characters of the postal code (a US ZIP's three-digit prefix).</summary>
    public string? PostalPrefix { get; set; }

    /// <summary>An IANA time zone such as "America/Chicago", for sending at the patient's local time.</summary>
    public string? TimeZone { get; set; }

    public DateTime? LastVisitUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public sealed class PatientProfileConfiguration : IEntityTypeConfiguration<PatientProfile>
{
    public void Configure(EntityTypeBuilder<PatientProfile> profile)
    {
        profile.ToTable("PatientProfiles");
        profile.HasKey(p => p.PatientId);
        profile.HasOne<Patient>().WithOne().HasForeignKey<PatientProfile>(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
        profile.Property(p => p.Language).HasMaxLength(35);
        profile.Property(p => p.PostalPrefix).HasMaxLength(3);
        profile.Property(p => p.TimeZone).HasMaxLength(64);
        profile.HasIndex(p => p.BirthYear);
        profile.HasIndex(p => p.LastVisitUtc);
    }
}
