using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>
/// A form or survey in the library: its title and the draft staff are editing. Form definitions hold
/// questions, never answers, so they are stored in clear.
/// </summary>
public sealed class FormRecord
{
    public required string Id { get; set; }
    public required string Title { get; set; }

    /// <summary>The working copy in the builder, or null when there are no unpublished edits.</summary>
    public string? DraftJson { get; set; }

    /// <summary>The newest published version, or null before the first publication.</summary>
    public int? LatestVersion { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset UpdatedUtc { get; set; }
}

internal sealed class FormRecordConfiguration : IEntityTypeConfiguration<FormRecord>
{
    public void Configure(EntityTypeBuilder<FormRecord> form)
    {
        form.HasKey(f => f.Id);
        form.Property(f => f.Id).HasMaxLength(64);
        form.Property(f => f.Title).HasMaxLength(200);
    }
}
