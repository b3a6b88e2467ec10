using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Audience;

/// <summary>One import as it runs and after: counts and the problems (line, column, what; never a value).</summary>
public sealed class ImportRun
{
    public Guid Id { get; set; }

    /// <summary>"CSV" or "FHIR", and the file's kind.</summary>
    public string Source { get; set; } = "";
    public Guid StartedBy { get; set; }
    public DateTime StartedUtc { get; set; }
    public int Total { get; set; }
    public int Processed { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Rejected { get; set; }
    public DateTime? FinishedUtc { get; set; }

    /// <summary>Set when the run stopped on an error of the product, not of the data.</summary>
    public bool Failed { get; set; }
    public string ProblemsJson { get; set; } = "[]";
    public string SkippedJson { get; set; } = "{}";
}

public sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> run)
    {
        run.ToTable("ImportRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.Source).HasMaxLength(64);
        run.HasIndex(r => new { r.StartedBy, r.StartedUtc });
    }
}
