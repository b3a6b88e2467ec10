using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Messages;

/// <summary>A file sent with a secure message. Its name and content are stored only as ciphertext under the patient's data key.</summary>
public sealed class MessageAttachment
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }

    /// <summary>Repeated from the message so every read can filter by patient without a join.</summary>
    public Guid PatientId { get; set; }

    /// <summary>A file name is PHI ("hiv-result.pdf"), so it is encrypted like the content.</summary>
    public byte[] FileNameCipher { get; set; } = [];
    public byte[] ContentCipher { get; set; } = [];

    /// <summary>The type detected from the content (never the uploader's claim).</summary>
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public DateTime CreatedUtc { get; set; }
}

public sealed class MessageAttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> attachment)
    {
        attachment.ToTable("MessageAttachments");
        attachment.HasKey(a => a.Id);
        attachment.HasIndex(a => new { a.PatientId, a.MessageId });
        attachment.Property(a => a.ContentType).HasMaxLength(100);
        attachment.HasOne<SecureMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
