using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Data;
using Portal.Messaging.Protection;

namespace Portal.Grains.Patients;

/// <summary>Patients' S/MIME certificates: refused with a clear reason when unusable, and never used once expired.</summary>
public sealed class RecipientCertificates(IDbContextFactory<PortalDbContext> dbFactory, OrganisationSmime smime, PatientAccess access, IAuditLog audit, TimeProvider clock)
{
    public const int MaxBytes = 20_000;

    /// <summary>Adds a certificate (PEM or DER); returns why it was refused, or null when it was added.</summary>
    public async Task<string?> AddAsync(AuditActor actor, Guid patientId, byte[] encoded)
    {
        if (!await access.MayOpenAsync(actor, patientId))
            throw new UnauthorizedAccessException("Not on this patient's care team.");
        if (encoded.Length is 0 or > MaxBytes)
            return "Upload one certificate file (PEM or DER) of at most 20 KB.";

        await using var db = await dbFactory.CreateDbContextAsync();
        var email = await db.Users.Where(u => u.Id == patientId).Select(u => u.Email).SingleOrDefaultAsync();
        var check = smime.Validator.Validate(encoded, email is null ? null : [email]);
        var outcome = check.IsAcceptable ? AuditOutcomes.Success : AuditOutcomes.Failure;
        if (check.IsAcceptable)
        {
            using var certificate = check.Key!;
            var fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData));
            if (!await db.RecipientCertificates.AnyAsync(c => c.PatientId == patientId && c.Fingerprint == fingerprint))
            {
                db.RecipientCertificates.Add(new RecipientCertificate
                {
                    Id = Guid.NewGuid(),
                    PatientId = patientId,
                    Der = certificate.RawData,
                    Fingerprint = fingerprint,
                    NotAfterUtc = certificate.NotAfter.ToUniversalTime(),
                    AddedUtc = clock.GetUtcNow().UtcDateTime,
                    AddedById = actor.UserId,
                });
                await db.SaveChangesAsync();
            }
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.RecipientCertificateAdded, outcome, actor, patientId));
        return check.Reason;
    }

    public async Task<IReadOnlyList<RecipientCertificate>> ListAsync(Guid patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RecipientCertificates.AsNoTracking().Where(c => c.PatientId == patientId).OrderByDescending(c => c.NotAfterUtc).ToListAsync();
    }

    public async Task RemoveAsync(AuditActor actor, Guid patientId, Guid certificateId)
    {
        if (!await access.MayOpenAsync(actor, patientId))
            throw new UnauthorizedAccessException("Not on this patient's care team.");
        await using var db = await dbFactory.CreateDbContextAsync();
        var removed = await db.RecipientCertificates.Where(c => c.Id == certificateId && c.PatientId == patientId).ExecuteDeleteAsync();
        await audit.WriteAsync(new AuditRecord(AuditActions.RecipientCertificateRemoved, removed == 1 ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, patientId));
    }

    /// <summary>The certificate to encrypt to now (the one valid longest), or null when S/MIME is off or none is usable.</summary>
    public async Task<(X509Certificate2 Certificate, string Fingerprint)?> UsableAsync(Guid patientId, string? email)
    {
        if (smime.Protector is null)
            return null;
        foreach (var stored in await ListAsync(patientId))
        {
            var check = smime.Validator.Validate(stored.Der, email is null ? null : [email]);
            if (check.IsAcceptable)
                return (check.Key!, stored.Fingerprint);
            check.Key?.Dispose();
        }
        return null;
    }
}
