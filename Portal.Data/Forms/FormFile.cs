using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>A file a patient uploaded to answer a question of an assigned form; one per question, replaced on a new upload.
/// Its name and content are stored only as ciphertext under the patient's data key.</summary>
public sealed class FormFile
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid AssignmentId { get; set; }
    public string FieldId { get; set; } = "";

    /// <summary>The type detected from the content and agreeing with the name's extension.</summary>
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }

    /// <summary>A file name is PHI ("hiv-result.pdf"), so it is encrypted like the content.</summary>
    public byte[] FileNameCipher { get; set; } = [];
    public byte[] ContentCipher { get; set; } = [];
    public DateTime UploadedUtc { get; set; }
}

public sealed class FormFileConfiguration : IEntityTypeConfiguration<FormFile>
{
    public void Configure(EntityTypeBuilder<FormFile> file)
    {
        file.ToTable("FormFiles");
        file.HasKey(f => f.Id);
        file.HasIndex(f => new { f.PatientId, f.AssignmentId, f.FieldId }).IsUnique();
        file.Property(f => f.FieldId).HasMaxLength(100);
        file.Property(f => f.ContentType).HasMaxLength(100);
        file.HasOne<FormAssignment>().WithMany().HasForeignKey(f => f.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
