using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Forms;

/// <summary>A webhook call owed for a submission, written with the submission and retried until delivered or given up.</summary>
public sealed class FormWebhookDelivery
{
    public Guid Id { get; set; }
    public Guid SubmissionId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime? DeliveredUtc { get; set; }
    public DateTime? FailedUtc { get; set; }

    /// <summary>The last HTTP status or exception type; never a response body.</summary>
    public string? LastError { get; set; }
}

internal sealed class FormWebhookDeliveryConfiguration : IEntityTypeConfiguration<FormWebhookDelivery>
{
    public void Configure(EntityTypeBuilder<FormWebhookDelivery> delivery)
    {
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.LastError).HasMaxLength(200);
        delivery.HasIndex(d => new { d.DeliveredUtc, d.FailedUtc, d.NextAttemptUtc });
    }
}
