using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Audience;

/// <summary>Why the organisation writes to a patient. HIPAA treats treatment communications (care messages,
/// appointment and refill reminders) apart from marketing, which needs the patient's written authorisation
/// (45 CFR 164.508(a)(3)).</summary>
public enum ContactPurpose : byte
{
    CareMessages = 1,
    Reminders = 2,
    Education = 3,
    Marketing = 4,
}

/// <summary>How the organisation writes: email is the channel the product sends on.</summary>
public enum ContactChannel : byte
{
    Email = 1,
}

/// <summary>A patient's choice for one purpose and channel; without a row, the default (allowed) holds.</summary>
public sealed class CommunicationPreference
{
    public Guid PatientId { get; set; }
    public ContactPurpose Purpose { get; set; }
    public ContactChannel Channel { get; set; }
    public bool Allowed { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>Where the choice came from: "patient", "unsubscribe link" or "staff".</summary>
    public string Source { get; set; } = "";
}

/// <summary>A patient's signed authorisation for one purpose: the evidence is the sealed form submission.</summary>
public sealed class Authorisation
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public ContactPurpose Purpose { get; set; }
    public Guid SubmissionId { get; set; }
    public string FormId { get; set; } = "";
    public int FormVersion { get; set; }
    public DateTime GrantedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
}

public sealed class CommunicationPreferenceConfiguration : IEntityTypeConfiguration<CommunicationPreference>
{
    public void Configure(EntityTypeBuilder<CommunicationPreference> preference)
    {
        preference.ToTable("CommunicationPreferences");
        preference.HasKey(p => new { p.PatientId, p.Purpose, p.Channel });
        preference.Property(p => p.Source).HasMaxLength(32);
        preference.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AuthorisationConfiguration : IEntityTypeConfiguration<Authorisation>
{
    public void Configure(EntityTypeBuilder<Authorisation> authorisation)
    {
        authorisation.ToTable("Authorisations");
        authorisation.HasKey(a => a.Id);
        authorisation.Property(a => a.FormId).HasMaxLength(64);
        authorisation.HasIndex(a => new { a.PatientId, a.Purpose });
        authorisation.HasIndex(a => a.SubmissionId).IsUnique();
        authorisation.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
