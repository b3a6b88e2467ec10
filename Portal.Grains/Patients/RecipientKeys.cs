using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Messaging.Protection;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Grains.Patients;

/// <summary>
/// Patients' S/MIME certificates and OpenPGP keys: refused with a clear reason when unusable
/// (expired, revoked, weak, not for the patient's address, malformed), and checked again before use.
/// </summary>
public sealed class RecipientKeys(IDbContextFactory<PortalDbContext> dbFactory, OrganisationSmime smime, OrganisationPgp pgp, PatientAccess access, IAuditLog audit, TimeProvider clock)
{
    public const int MaxBytes = 20_000;

    /// <summary>Adds a certificate (PEM or DER) or an armored OpenPGP public key; returns why it was refused, or null when added.</summary>
    public async Task<string?> AddAsync(AuditActor actor, Guid patientId, RecipientKeyKind kind, byte[] encoded)
    {
        if (!await access.MayOpenAsync(actor, patientId))
            throw new UnauthorizedAccessException("Not on this patient's care team.");
        if (encoded.Length is 0 or > MaxBytes)
            return "Upload one certificate or key file of at most 20 KB.";

        await using var db = await dbFactory.CreateDbContextAsync();
        var email = await db.Users.Where(u => u.Id == patientId).Select(u => u.Email).SingleOrDefaultAsync();
        var (accepted, reason) = Check(kind, encoded, email);
        if (accepted is { } key && !await db.RecipientKeys.AnyAsync(k => k.PatientId == patientId && k.Fingerprint == key.Fingerprint))
        {
            db.RecipientKeys.Add(key with { PatientId = patientId, AddedById = actor.UserId });
            await db.SaveChangesAsync();
        }
        var action = kind == RecipientKeyKind.SmimeCertificate ? AuditActions.RecipientCertificateAdded : AuditActions.RecipientPgpKeyAdded;
        await audit.WriteAsync(new AuditRecord(action, reason is null ? AuditOutcomes.Success : AuditOutcomes.Failure, actor, patientId));
        return reason;
    }

    public async Task<IReadOnlyList<RecipientKey>> ListAsync(Guid patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RecipientKeys.AsNoTracking().Where(k => k.PatientId == patientId).OrderBy(k => k.Kind).ThenByDescending(k => k.AddedUtc).ToListAsync();
    }

    public async Task RemoveAsync(AuditActor actor, Guid patientId, Guid keyId)
    {
        if (!await access.MayOpenAsync(actor, patientId))
            throw new UnauthorizedAccessException("Not on this patient's care team.");
        await using var db = await dbFactory.CreateDbContextAsync();
        var removed = await db.RecipientKeys.Where(k => k.Id == keyId && k.PatientId == patientId).ExecuteDeleteAsync();
        await audit.WriteAsync(new AuditRecord(AuditActions.RecipientKeyRemoved, removed == 1 ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, patientId));
    }

    /// <summary>A certificate to encrypt to now, or null when S/MIME is off or none is usable.</summary>
    public async Task<(X509Certificate2 Certificate, string Fingerprint)?> UsableCertificateAsync(Guid patientId, string? email)
    {
        if (smime.Protector is null)
            return null;
        foreach (var stored in (await ListAsync(patientId)).Where(k => k.Kind == RecipientKeyKind.SmimeCertificate))
        {
            var check = smime.Validator.Validate(stored.Material, Addresses(email));
            if (check.IsAcceptable)
                return (check.Key!, stored.Fingerprint);
            check.Key?.Dispose();
        }
        return null;
    }

    /// <summary>An armored OpenPGP key to encrypt to now, or null when OpenPGP is off or none is usable.</summary>
    public async Task<(string ArmoredKey, string Fingerprint)?> UsablePgpKeyAsync(Guid patientId, string? email)
    {
        if (pgp.Protector is null)
            return null;
        foreach (var stored in (await ListAsync(patientId)).Where(k => k.Kind == RecipientKeyKind.OpenPgpKey))
        {
            var armored = Encoding.UTF8.GetString(stored.Material);
            if (pgp.Validator.Validate(armored, Addresses(email)).IsAcceptable)
                return (armored, stored.Fingerprint);
        }
        return null;
    }

    private (RecipientKey? Key, string? Reason) Check(RecipientKeyKind kind, byte[] encoded, string? email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (kind == RecipientKeyKind.SmimeCertificate)
        {
            var check = smime.Validator.Validate(encoded, Addresses(email));
            if (!check.IsAcceptable)
                return (null, check.Reason);
            using var certificate = check.Key!;
            return (new RecipientKey
            {
                Id = Guid.NewGuid(), Kind = kind, Material = certificate.RawData, AddedUtc = now,
                Fingerprint = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
                ExpiresUtc = certificate.NotAfter.ToUniversalTime(),
            }, null);
        }

        var armored = Encoding.UTF8.GetString(encoded);
        var pgpCheck = pgp.Validator.Validate(armored, Addresses(email));
        if (!pgpCheck.IsAcceptable)
            return (null, pgpCheck.Reason);
        var publicKey = pgpCheck.Key!;
        var seconds = publicKey.GetValidSeconds();
        return (new RecipientKey
        {
            Id = Guid.NewGuid(), Kind = kind, Material = Encoding.UTF8.GetBytes(armored), AddedUtc = now,
            Fingerprint = Convert.ToHexString(publicKey.GetFingerprint()),
            ExpiresUtc = seconds > 0 ? publicKey.CreationTime.ToUniversalTime().AddSeconds(seconds) : null,
        }, null);
    }

    private static string[]? Addresses(string? email) => email is null ? null : [email];
}
