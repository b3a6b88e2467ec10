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
public sealed class RecipientKeys(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, OrganisationSmime smime, OrganisationPgp pgp, PatientAccess access,
    Encryption.PatientKeyRing keyRing, IAuditLog audit, TimeProvider clock)
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
        var email = await emails.OfAsync(db, patientId);
        var (accepted, reason) = Check(kind, encoded, email);
        var patientKey = accepted is null ? null : await keyRing.FindAsync(patientId);
        if (accepted is not null && patientKey is null)
            (accepted, reason) = (null, "This patient's record was erased.");
        if (accepted is { } key && !await db.RecipientKeys.AnyAsync(k => k.PatientId == patientId && k.Fingerprint == key.Fingerprint))
        {
            // The certificate's subject or the key's user id names the patient: stored under the patient's key.
            db.RecipientKeys.Add(key with
            {
                PatientId = patientId, AddedById = actor.UserId, Sealed = true,
                Material = patientKey!.Seal(Encryption.PhiFields.RecipientKeyMaterial, key.Id, key.Material),
            });
            await db.SaveChangesAsync();
        }
        var action = kind == RecipientKeyKind.SmimeCertificate ? AuditActions.RecipientCertificateAdded : AuditActions.RecipientPgpKeyAdded;
        await audit.WriteAsync(new AuditRecord(action, reason is null ? AuditOutcomes.Success : AuditOutcomes.Failure, actor, patientId));
        return reason;
    }

    /// <summary>The patient's keys with their material opened (none once the record is erased).</summary>
    public async Task<IReadOnlyList<RecipientKey>> ListAsync(Guid patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.RecipientKeys.AsNoTracking().Where(k => k.PatientId == patientId).OrderBy(k => k.Kind).ThenByDescending(k => k.AddedUtc).ToListAsync();
        if (rows.Count == 0 || await keyRing.FindAsync(patientId) is not { } key) return [];
        return [.. rows.Select(r => r.Sealed ? r with { Material = key.Open(Encryption.PhiFields.RecipientKeyMaterial, r.Id, r.Material), Sealed = false } : r)];
    }

    /// <summary>Encrypts material stored in clear by releases before it was sealed (run at start).</summary>
    public async Task SealStoredAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.RecipientKeys.Where(k => !k.Sealed).ToListAsync(cancellationToken))
        {
            if (await keyRing.FindAsync(row.PatientId, cancellationToken) is { } key)
                (row.Material, row.Sealed) = (key.Seal(Encryption.PhiFields.RecipientKeyMaterial, row.Id, row.Material), true);
            else
                db.RecipientKeys.Remove(row); // an erased record's key material goes with it
        }
        await db.SaveChangesAsync(cancellationToken);
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
