using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Delivery;

/// <summary>A recipient left a marketing list (RFC 8058 one-click or the unsubscribe page); later mail of that list is not sent.</summary>
public sealed class ListUnsubscription
{
    public Guid RecipientId { get; set; }
    public Guid ListId { get; set; }
    public DateTime AtUtc { get; set; }
}

public sealed class ListUnsubscriptionConfiguration : IEntityTypeConfiguration<ListUnsubscription>
{
    public void Configure(EntityTypeBuilder<ListUnsubscription> entity)
    {
        entity.ToTable("ListUnsubscriptions");
        entity.HasKey(u => new { u.RecipientId, u.ListId });
    }
}
