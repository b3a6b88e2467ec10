using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>A file uploaded while filling a public form, one per question of one form session (replaced on a new upload).
/// Its name and content are ciphertext under that session's own data key, the key its submission is sealed under, until
/// staff attach the submission to a patient, when both move under the patient's key.</summary>
public sealed class PublicFormFile
{
    public Guid Id { get; set; }

    /// <summary>The id the form session's submission gets when it is sent; no submission row exists before that.</summary>
    public Guid SubmissionId { get; set; }
    public Guid LinkId { get; set; }
    public string FieldId { get; set; } = "";

    /// <summary>Null while the submission is unattached (or not sent); the patient whose key the file is under after attaching.</summary>
    public Guid? PatientId { get; set; }

    /// <summary>The type detected from the content and agreeing with the name's extension.</summary>
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public byte[] FileNameCipher { get; set; } = [];
    public byte[] ContentCipher { get; set; } = [];
    public DateTime UploadedUtc { get; set; }
}

public sealed class PublicFormFileConfiguration : IEntityTypeConfiguration<PublicFormFile>
{
    public void Configure(EntityTypeBuilder<PublicFormFile> file)
    {
        file.ToTable("PublicFormFiles");
        file.HasKey(f => f.Id);
        file.HasIndex(f => new { f.SubmissionId, f.FieldId }).IsUnique();
        file.HasIndex(f => f.UploadedUtc);
        file.Property(f => f.FieldId).HasMaxLength(100);
        file.Property(f => f.ContentType).HasMaxLength(100);
    }
}
