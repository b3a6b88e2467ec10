using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Delivery;

/// <summary>
/// One thing that happened to an outbox row on its way out (sent, deferred, bounced ...). The row's
/// own CreatedUtc is its "queued" moment, so queueing costs no extra write. Details name servers,
/// status codes and TLS parameters, never addresses or content.
/// </summary>
public sealed class DeliveryEvent
{
    public long Id { get; set; }
    public Guid OutboxId { get; set; }

    /// <summary>What the row is about (a secure message's id, a campaign content id), so a message's history is one query.</summary>
    public Guid ReferenceId { get; set; }
    public DeliveryEventKind Kind { get; set; }
    public DateTime AtUtc { get; set; }
    public string? Detail { get; set; }
}

public enum DeliveryEventKind
{
    Queued = 0,
    Sent = 1,
    Deferred = 2,
    Bounced = 3,
    Failed = 4,
    Suppressed = 5,
    Complained = 6,

    /// <summary>Verified TLS was required and not available: a portal notice went instead.</summary>
    FellBackToPortal = 7,

    /// <summary>Nothing to send any more (the message was recalled or expired before it left).</summary>
    Withdrawn = 8,
}

public sealed class DeliveryEventConfiguration : IEntityTypeConfiguration<DeliveryEvent>
{
    public void Configure(EntityTypeBuilder<DeliveryEvent> entity)
    {
        entity.ToTable("DeliveryEvents");
        entity.HasKey(e => e.Id);
        entity.Property(e => e.Detail).HasMaxLength(500);
        entity.HasIndex(e => e.ReferenceId);
        entity.HasIndex(e => e.OutboxId);
    }
}
