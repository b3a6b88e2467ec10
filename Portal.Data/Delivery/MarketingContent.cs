using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Delivery;

/// <summary>
/// The content of one marketing send (a campaign's message), personalised per recipient when each
/// outbox row is composed. Marketing content carries no PHI: it goes to many recipients in one form.
/// </summary>
public sealed class MarketingContent
{
    public Guid Id { get; set; }

    /// <summary>The list the recipients may leave (List-Unsubscribe).</summary>
    public Guid ListId { get; set; }
    public string Subject { get; set; } = "";

    /// <summary>Plain-text body; <c>{{name}}</c>, <c>{{link}}</c> and <c>{{unsubscribe}}</c> are filled per recipient.</summary>
    public string BodyTemplate { get; set; } = "";
    public DateTime CreatedUtc { get; set; }

    /// <summary>The campaign this content was frozen from; its design is rendered instead of <see cref="BodyTemplate"/>.</summary>
    public Guid? CampaignId { get; set; }

    /// <summary>A test send to a workforce address: rendered with the sample patient, never with a patient's data.</summary>
    public bool IsTest { get; set; }
}

public sealed class MarketingContentConfiguration : IEntityTypeConfiguration<MarketingContent>
{
    public void Configure(EntityTypeBuilder<MarketingContent> entity)
    {
        entity.ToTable("MarketingContents");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Subject).HasMaxLength(200);
    }
}
