using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Grains.Data;

namespace Portal.Grains.Delivery;

/// <summary>The outbox columns the delivery pool adds: lease fencing and list addresses.</summary>
public sealed class OutboxDeliveryConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> entity)
    {
        entity.Property(r => r.RecipientAddress).HasMaxLength(320);
        entity.HasIndex(r => r.LeaseToken);
    }
}
