using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Retention;
using Portal.Grains.Audit;

namespace Portal.Grains.Retention;

/// <summary>Signed records of what disposal removed. The signature covers the canonical text of every field.</summary>
public sealed class DisposalCertificates(IDbContextFactory<PortalDbContext> dbFactory, AuditSigningKey key, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Certifies the erasure of one patient's record (its key destroyed, so every encrypted value is unreadable).</summary>
    public async Task<DisposalCertificate> RecordErasureAsync(Guid patientId, AuditActor by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var certificate = Sign(new DisposalCertificate
        {
            Id = Guid.CreateVersion7(), RunId = Guid.CreateVersion7(), Kind = RecordKind.PatientRecord, Count = 1, CutoffUtc = now,
            Method = "crypto-shredded", Basis = $"erased by {by.UserId:N} ({by.Role})", PatientId = patientId, CreatedUtc = now,
        });
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DisposalCertificates.Add(certificate);
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.RecordsDisposed, AuditOutcomes.Success, by, patientId, certificate.Id.ToString()), cancellationToken);
        return certificate;
    }

    public static byte[] Payload(DisposalCertificate c) => Encoding.UTF8.GetBytes(
        $"portal-disposal-v1\n{c.Id:N}\n{c.RunId:N}\n{c.Kind}\n{c.Count}\n{AuditChain.ToMicroseconds(c.CutoffUtc):O}\n{c.Method}\n{c.Basis}\n{c.ThroughSequence}\n{c.PatientId:N}\n{AuditChain.ToMicroseconds(c.CreatedUtc):O}\n");

    public DisposalCertificate Sign(DisposalCertificate certificate)
    {
        certificate.CutoffUtc = AuditChain.ToMicroseconds(certificate.CutoffUtc);
        certificate.CreatedUtc = AuditChain.ToMicroseconds(certificate.CreatedUtc);
        certificate.KeyId = key.Id;
        certificate.Signature = key.Sign(Payload(certificate));
        return certificate;
    }

    public bool Verify(DisposalCertificate certificate) => key.Verify(certificate.KeyId, Payload(certificate), certificate.Signature);

    public async Task<IReadOnlyList<(DisposalCertificate Certificate, bool Valid)>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.DisposalCertificates.AsNoTracking().OrderByDescending(c => c.CreatedUtc).Take(count).ToListAsync(cancellationToken);
        return [.. recent.Select(c => (c, Verify(c)))];
    }
}
