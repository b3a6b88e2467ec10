using Portal.Messaging.Policy;

namespace Portal.Grains.Data;

/// <summary>A secure message in a patient's inbox. Subject and body are stored only as ciphertext.</summary>
public sealed class SecureMessage
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid SenderId { get; set; }
    public byte[] SubjectCipher { get; set; } = [];
    public byte[] BodyCipher { get; set; } = [];
    public DateTime SentUtc { get; set; }

    /// <summary>The sensitivity the policy applied (the sender's choice, raised by the content).</summary>
    public Sensitivity Sensitivity { get; set; }

    /// <summary>How the message was delivered, and why: categories of content, never content.</summary>
    public DeliveryMethod DeliveryMethod { get; set; }
    public string PolicyReason { get; set; } = "";

    /// <summary>When the patient first opened the message in the portal.</summary>
    public DateTime? ReadUtc { get; set; }
}
