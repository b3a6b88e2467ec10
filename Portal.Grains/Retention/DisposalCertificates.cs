using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Retention;
using Portal.Grains.Audit;

namespace Portal.Grains.Retention;

/// <summary>Signed records of what disposal removed. The signature covers the canonical text of every field.</summary>
public sealed class DisposalCertificates(IDbContextFactory<PortalDbContext> dbFactory, AuditSigningKey key)
{
    public static byte[] Payload(DisposalCertificate c) => Encoding.UTF8.GetBytes(
        $"portal-disposal-v1\n{c.Id:N}\n{c.RunId:N}\n{c.Kind}\n{c.Count}\n{AuditChain.ToMicroseconds(c.CutoffUtc):O}\n{c.Method}\n{c.Basis}\n{c.ThroughSequence}\n{AuditChain.ToMicroseconds(c.CreatedUtc):O}\n");

    public DisposalCertificate Sign(DisposalCertificate certificate)
    {
        certificate.CutoffUtc = AuditChain.ToMicroseconds(certificate.CutoffUtc);
        certificate.CreatedUtc = AuditChain.ToMicroseconds(certificate.CreatedUtc);
        certificate.KeyId = key.Id;
        certificate.Signature = key.Sign(Payload(certificate));
        return certificate;
    }

    public bool Verify(DisposalCertificate certificate) => certificate.KeyId == key.Id && key.Verify(Payload(certificate), certificate.Signature);

    public async Task<IReadOnlyList<(DisposalCertificate Certificate, bool Valid)>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.DisposalCertificates.AsNoTracking().OrderByDescending(c => c.CreatedUtc).Take(count).ToListAsync(cancellationToken);
        return [.. recent.Select(c => (c, Verify(c)))];
    }
}
