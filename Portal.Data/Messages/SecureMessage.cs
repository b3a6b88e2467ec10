using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Messaging.Content;
using Portal.Messaging.Policy;

namespace Portal.Data.Messages;

/// <summary>A secure message in a patient's inbox. Subject and body are stored only as ciphertext.</summary>
public sealed class SecureMessage
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid SenderId { get; set; }

    /// <summary>The conversation: the id of the staff message that opened it (that message's own id for the opener).</summary>
    public Guid ThreadId { get; set; }

    /// <summary>True for a patient's reply; patients can only reply inside threads staff opened.</summary>
    public bool FromPatient { get; set; }

    /// <summary>After this the message can no longer be read (its notice link opens nothing).</summary>
    public DateTime? ExpiresUtc { get; set; }

    /// <summary>Set when staff recall the message: the portal then shows it as recalled.</summary>
    public DateTime? RecalledUtc { get; set; }

    /// <summary>For patient replies: when a staff member first read it, and who is handling it.</summary>
    public DateTime? StaffReadUtc { get; set; }
    public Guid? AssignedStaffId { get; set; }
    public byte[] SubjectCipher { get; set; } = [];
    public byte[] BodyCipher { get; set; } = [];

    /// <summary>Plain text, or HTML already reduced to the allowed subset before it was encrypted.</summary>
    public BodyFormat BodyFormat { get; set; }
    public DateTime SentUtc { get; set; }

    /// <summary>The sensitivity the policy applied (the sender's choice, raised by the content).</summary>
    public Sensitivity Sensitivity { get; set; }

    /// <summary>
    /// How the policy decided to deliver the message, and why: categories of content, never content.
    /// What sending then did (and its evidence) is the outbox row's outcome.
    /// </summary>
    public DeliveryMethod DeliveryMethod { get; set; }
    public string PolicyReason { get; set; } = "";

    /// <summary>When the patient first opened the message in the portal.</summary>
    public DateTime? ReadUtc { get; set; }
}

public sealed class SecureMessageConfiguration : IEntityTypeConfiguration<SecureMessage>
{
    public void Configure(EntityTypeBuilder<SecureMessage> message)
    {
        message.HasKey(m => m.Id);
        message.HasIndex(m => new { m.PatientId, m.SentUtc });
        message.HasIndex(m => m.SenderId);
        message.HasIndex(m => new { m.PatientId, m.ThreadId });
        message.Property(m => m.PolicyReason).HasMaxLength(500);
    }
}
