using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Data;

namespace Portal.Grains.Encryption;

/// <summary>
/// Gives out each patient's data key, unwrapping it with the KEK. Keys are created by the patient's
/// own grain (the single writer), when the record is created, so two creators never race for one patient.
/// </summary>
public sealed class PatientKeyRing(IDbContextFactory<PortalDbContext> dbFactory, KeyEncryptionKey kek, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, byte[]> _unwrapped = new();

    /// <summary>Returns the patient's key, or null when the patient has none (never had PHI, or was crypto-shredded).</summary>
    public async Task<byte[]?> FindAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (_unwrapped.TryGetValue(patientId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.PatientDataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PatientId == patientId, cancellationToken);
        if (row is null)
            return null;
        if (row.KeyEncryptionKeyId != kek.Id)
            throw new CryptographicException("The patient's data key was wrapped by a different key-encryption key.");
        return _unwrapped[patientId] = kek.Unwrap(row.WrappedKey, patientId);
    }

    public async Task<byte[]> GetOrCreateAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(patientId, cancellationToken) is { } existing)
            return existing;
        var key = RandomNumberGenerator.GetBytes(32);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.PatientDataKeys.Add(new PatientDataKey
        {
            PatientId = patientId,
            WrappedKey = kek.Wrap(key, patientId),
            KeyEncryptionKeyId = kek.Id,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return _unwrapped[patientId] = key;
    }
}
