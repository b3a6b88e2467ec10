using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Patients;

namespace Portal.Data.Forms;

/// <summary>
/// A published form version a patient has been asked to fill, with a due date. The patient's draft lives here,
/// encrypted with the patient's data key; reminders are scheduled by <see cref="NextReminderUtc"/> so a restart
/// loses none.
/// </summary>
public sealed class FormAssignment
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public required string FormId { get; set; }
    public int FormVersion { get; set; }
    public Guid AssignedBy { get; set; }
    public DateTime AssignedUtc { get; set; }
    public DateTime DueUtc { get; set; }

    /// <summary>Draft answers (canonical JSON) encrypted with the patient's key; null until the first save.</summary>
    public byte[]? DraftCipher { get; set; }

    /// <summary>The page the patient was on when the draft was saved.</summary>
    public string? DraftPageId { get; set; }
    public DateTime? DraftSavedUtc { get; set; }

    public Guid? SubmissionId { get; set; }
    public DateTime? SubmittedUtc { get; set; }

    /// <summary>When the reminder sweeper should next look at this assignment; null when no reminder is left.</summary>
    public DateTime? NextReminderUtc { get; set; }
    public int RemindersSent { get; set; }
}

internal sealed class FormAssignmentConfiguration : IEntityTypeConfiguration<FormAssignment>
{
    public void Configure(EntityTypeBuilder<FormAssignment> assignment)
    {
        assignment.HasKey(a => a.Id);
        assignment.Property(a => a.FormId).HasMaxLength(64);
        assignment.Property(a => a.DraftPageId).HasMaxLength(64);
        assignment.HasIndex(a => new { a.PatientId, a.AssignedUtc });
        assignment.HasIndex(a => a.NextReminderUtc);
        assignment.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
