using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>
/// One published, frozen version of a form: the exact canonical JSON and its SHA-256. Rows are only ever
/// inserted; submissions point at (FormId, Version) and the hash proves what was answered.
/// </summary>
public sealed class FormVersionRecord
{
    public required string FormId { get; set; }
    public int Version { get; set; }
    public required string CanonicalJson { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset PublishedUtc { get; set; }

    /// <summary>The staff account that published it; null for the built-in instruments.</summary>
    public Guid? PublishedBy { get; set; }
}

internal sealed class FormVersionRecordConfiguration : IEntityTypeConfiguration<FormVersionRecord>
{
    public void Configure(EntityTypeBuilder<FormVersionRecord> version)
    {
        version.HasKey(v => new { v.FormId, v.Version });
        version.Property(v => v.FormId).HasMaxLength(64);
        version.Property(v => v.ContentHash).HasMaxLength(64);
        version.HasOne<FormRecord>().WithMany().HasForeignKey(v => v.FormId).OnDelete(DeleteBehavior.Restrict);
    }
}
