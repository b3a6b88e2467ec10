using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Data.Retention;

/// <summary>
/// What one disposal run removed of one kind: how many, up to which date, how and on what basis, signed with the
/// audit signing key (not in the database) so the certificate cannot be edited unnoticed.
/// </summary>
public sealed class DisposalCertificate
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    public RecordKind Kind { get; set; }
    public int Count { get; set; }

    /// <summary>Records older than this were due.</summary>
    public DateTime CutoffUtc { get; set; }

    /// <summary>"deleted" (rows removed) or "crypto-shredded" (keys destroyed).</summary>
    public string Method { get; set; } = "";

    /// <summary>The rule ("rule: 365 days") or the person ("by: {id}") it was done on.</summary>
    public string Basis { get; set; } = "";

    /// <summary>For audit entries: the chain was disposed of up to and including this entry (a signed checkpoint marks it).</summary>
    public long? ThroughSequence { get; set; }

    /// <summary>For an erased record: whose.</summary>
    public Guid? PatientId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public string KeyId { get; set; } = "";
    public byte[] Signature { get; set; } = [];
}

public sealed class DisposalCertificateConfiguration : IEntityTypeConfiguration<DisposalCertificate>
{
    public void Configure(EntityTypeBuilder<DisposalCertificate> certificate)
    {
        certificate.HasKey(c => c.Id);
        certificate.HasIndex(c => c.CreatedUtc);
        certificate.Property(c => c.Method).HasMaxLength(32);
        certificate.Property(c => c.Basis).HasMaxLength(100);
        certificate.Property(c => c.KeyId).HasMaxLength(32);
        certificate.Property(c => c.Signature).HasMaxLength(128);
    }
}
