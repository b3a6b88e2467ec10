using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Audience;

public enum AppointmentStatus : byte
{
    Booked = 1,
    Confirmed = 2,
    Cancelled = 3,
    Kept = 4,
    NoShow = 5,
}

/// <summary>An appointment. Its time and status are in clear (reminders and segments run on them); where, with whom
/// and what for are encrypted.</summary>
public sealed class Appointment
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public DateTime StartUtc { get; set; }
    public AppointmentStatus Status { get; set; }

    /// <summary>Location, type and clinician as JSON, encrypted with the patient's data key.</summary>
    public byte[] DetailsCipher { get; set; } = [];

    /// <summary>A keyed hash of the source system's appointment id, so a re-import updates instead of duplicating.</summary>
    public byte[]? ExternalIdToken { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

public sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> appointment)
    {
        appointment.ToTable("Appointments");
        appointment.HasKey(a => a.Id);
        appointment.HasIndex(a => new { a.PatientId, a.StartUtc });
        appointment.HasIndex(a => new { a.StartUtc, a.Status });
        appointment.Property(a => a.ExternalIdToken).HasMaxLength(16);
        appointment.HasIndex(a => new { a.PatientId, a.ExternalIdToken }).IsUnique();
        appointment.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
