using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Retention;

/// <summary>The kinds of record a retention rule can govern.</summary>
public enum RecordKind
{
    AuditEntries = 1,
    DeliveryEvents = 2,
    Sessions = 3,
    Messages = 4,
    Attachments = 5,
    FormSubmissions = 6,

    /// <summary>A whole patient record, erased on request by crypto-shredding its key (not a retention rule).</summary>
    PatientRecord = 10,
}

/// <summary>How long records of one kind are kept, as an admin set it (a kind without a row keeps its default).</summary>
public sealed class RetentionRule
{
    public RecordKind Kind { get; set; }
    public int Days { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid? UpdatedBy { get; set; }
}

public sealed class RetentionRuleConfiguration : IEntityTypeConfiguration<RetentionRule>
{
    public void Configure(EntityTypeBuilder<RetentionRule> rule)
    {
        rule.HasKey(r => r.Kind);
        rule.Property(r => r.Kind).ValueGeneratedNever();
    }
}
