using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Delivery;

/// <summary>
/// What the product last found out about a recipient domain's TLS: whether mail for it reaches its
/// next hop (the relay, or the domain's MX) over verified TLS 1.2+, and the evidence.
/// </summary>
public sealed class DomainTlsStatus
{
    public string Domain { get; set; } = "";
    public bool Verified { get; set; }

    /// <summary>TLS version, cipher suite and server; or why verified TLS was not available.</summary>
    public string Evidence { get; set; } = "";
    public DateTime CheckedUtc { get; set; }
}

public sealed class DomainTlsStatusConfiguration : IEntityTypeConfiguration<DomainTlsStatus>
{
    public void Configure(EntityTypeBuilder<DomainTlsStatus> entity)
    {
        entity.ToTable("DomainTlsStatuses");
        entity.HasKey(d => d.Domain);
        entity.Property(d => d.Domain).HasMaxLength(255);
        entity.Property(d => d.Evidence).HasMaxLength(500);
    }
}
