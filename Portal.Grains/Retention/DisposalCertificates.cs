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
        return await KeepAsync(new DisposalCertificate
        {
            RunId = Guid.CreateVersion7(), Kind = RecordKind.PatientRecord, Count = 1, CutoffUtc = now,
            Method = "crypto-shredded", Basis = $"erased by {by.UserId:N} ({by.Role})", PatientId = patientId,
        }, by, cancellationToken);
    }

    /// <summary>Signs, stores and audits a certificate (its id and time set here).</summary>
    public async Task<DisposalCertificate> KeepAsync(DisposalCertificate certificate, AuditActor by, CancellationToken cancellationToken = default)
    {
        certificate.Id = Guid.CreateVersion7();
        certificate.CreatedUtc = clock.GetUtcNow().UtcDateTime;
        Sign(certificate);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DisposalCertificates.Add(certificate);
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.RecordsDisposed, AuditOutcomes.Success, by, certificate.PatientId, certificate.Id.ToString()), cancellationToken);
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
