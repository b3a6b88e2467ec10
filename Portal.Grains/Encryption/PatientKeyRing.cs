using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Grains.Encryption;

/// <summary>
/// Gives out each patient's data key, unwrapping it with the KEK. Keys are created by the patient's
/// own grain (the single writer), when the record is created, so two creators never race for one patient.
/// </summary>
public sealed class PatientKeyRing(IDbContextFactory<PortalDbContext> dbFactory, KeyEncryptionKey kek, TimeProvider clock)
{
    // Unwrapped keys are cached briefly: long enough to spare the database, short enough that a key
    // destroyed through another silo stops working here soon after.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, (DataKey Key, DateTime LoadedUtc)> _unwrapped = new();

    /// <summary>Returns the patient's key, or null when the patient has none (never had PHI, or was crypto-shredded).</summary>
    public async Task<DataKey?> FindAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        if (_unwrapped.TryGetValue(patientId, out var cached) && Now - cached.LoadedUtc < CacheLifetime)
            return cached.Key;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.PatientDataKeys.AsNoTracking().SingleOrDefaultAsync(k => k.PatientId == patientId, cancellationToken);
        if (row is null)
            return null;
        var wrappedBy = kek.ForId(row.KeyEncryptionKeyId)
            ?? throw new CryptographicException("The patient's data key was wrapped by a key-encryption key that is not configured.");
        return Remember(patientId, new DataKey(wrappedBy.Unwrap(row.WrappedKey, patientId)));
    }

    /// <summary>Crypto-shredding: deletes the patient's data key, after which their stored PHI cannot be decrypted by anyone.</summary>
    public async Task<bool> DestroyAsync(Guid patientId, CancellationToken cancellationToken = default)
    {
        _unwrapped.TryRemove(patientId, out _);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PatientDataKeys.Where(k => k.PatientId == patientId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    private DataKey Remember(Guid patientId, DataKey key)
    {
        _unwrapped[patientId] = (key, Now);
        return key;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>A new patient's key, added to the caller's context (saved with the record it belongs to): for records
    /// created in bulk by an import, which no grain owns yet.</summary>
    public DataKey CreateIn(PortalDbContext db, Guid patientId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        db.PatientDataKeys.Add(new PatientDataKey { PatientId = patientId, WrappedKey = kek.Wrap(key, patientId), KeyEncryptionKeyId = kek.Id, CreatedUtc = Now });
        return new DataKey(key);
    }

    public async Task<DataKey> GetOrCreateAsync(Guid patientId, CancellationToken cancellationToken = default)
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
            CreatedUtc = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return Remember(patientId, new DataKey(key));
    }
}
