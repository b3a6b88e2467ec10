using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>
/// A signed, submitted form. Everything that was signed (answers, form hash, signature, signer, time, address) is in
/// <see cref="RecordCipher"/>, authenticated by AES-GCM; the clear columns are copies for listing and are checked
/// against the sealed record on every read. There is no update path: only attaching a public submission to a
/// patient re-encrypts it, once.
/// </summary>
public sealed class FormSubmissionRecord
{
    public Guid Id { get; set; }

    /// <summary>The patient it belongs to; null for a public submission not yet attached to a record.</summary>
    public Guid? PatientId { get; set; }
    public Guid? AssignmentId { get; set; }
    public Guid? PublicLinkId { get; set; }
    public required string FormId { get; set; }
    public int FormVersion { get; set; }
    public required string FormContentHash { get; set; }

    /// <summary>SHA-256 of the exact signed content (canonical answers + form hash).</summary>
    public required string SignedContentHash { get; set; }
    public Guid? SignerId { get; set; }
    public DateTime SubmittedUtc { get; set; }

    /// <summary>The sealed record, encrypted with the patient's data key or, while unattached, with <see cref="WrappedKey"/>.</summary>
    public required byte[] RecordCipher { get; set; }

    /// <summary>A data key of this submission alone, wrapped by the KEK; only while no patient owns it.</summary>
    public byte[]? WrappedKey { get; set; }
    public DateTime? AttachedUtc { get; set; }

    /// <summary>For a public submission, the hash of the one-time value its form session carried, so a replayed post is refused.</summary>
    public string? PublicNonceHash { get; set; }
}

internal sealed class FormSubmissionRecordConfiguration : IEntityTypeConfiguration<FormSubmissionRecord>
{
    public void Configure(EntityTypeBuilder<FormSubmissionRecord> submission)
    {
        submission.ToTable("FormSubmissions");
        submission.HasKey(s => s.Id);
        submission.Property(s => s.FormId).HasMaxLength(64);
        submission.Property(s => s.FormContentHash).HasMaxLength(64);
        submission.Property(s => s.SignedContentHash).HasMaxLength(64);
        submission.HasIndex(s => new { s.PatientId, s.SubmittedUtc });
        submission.HasIndex(s => s.AssignmentId).IsUnique();
        submission.HasIndex(s => new { s.FormId, s.FormVersion });
        submission.Property(s => s.PublicNonceHash).HasMaxLength(64);
        submission.HasIndex(s => s.PublicNonceHash).IsUnique();
    }
}
