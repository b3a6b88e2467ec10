using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;

namespace Portal.Grains.Encryption;

/// <summary>
/// Keys the organisation holds once rather than per patient (the blind-index key, the account-field key): 32 random
/// bytes made on first use and stored only protected by the key-encryption key, so a copy of the database without the
/// KEK opens nothing with them. KEK rotation re-protects the stored rows; the keys themselves never change.
/// </summary>
public sealed class OrganisationKeys(IDbContextFactory<PortalDbContext> dbFactory, KeyEncryptionKey kek, TimeProvider clock)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Dictionary<string, byte[]> _loaded = new(StringComparer.Ordinal);

    /// <summary>Makes the keys of these purposes if they do not exist yet (at start, before any transaction needs one).</summary>
    public async Task EnsureAsync(params string[] purposes)
    {
        // Existing keys are not opened here: a node started without a KEK they need must still start.
        await using var db = await dbFactory.CreateDbContextAsync();
        var existing = await db.ProtectedKeys.AsNoTracking().Where(k => purposes.Contains(k.Purpose)).Select(k => k.Purpose).ToListAsync();
        foreach (var purpose in purposes.Except(existing)) await GetAsync(purpose);
    }

    /// <summary>The key for <paramref name="purpose"/>, made and stored the first time any node asks.</summary>
    public async ValueTask<byte[]> GetAsync(string purpose)
    {
        lock (_loaded)
            if (_loaded.TryGetValue(purpose, out var known)) return known;
        await _loading.WaitAsync();
        try
        {
            lock (_loaded)
                if (_loaded.TryGetValue(purpose, out var known)) return known;
            var key = await LoadOrCreateAsync(purpose);
            lock (_loaded) _loaded[purpose] = key;
            return key;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<byte[]> LoadOrCreateAsync(string purpose)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.ProtectedKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Purpose == purpose) is { } row)
            return kek.UnprotectAny(row.Protected, purpose).Secret;
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        db.ProtectedKeys.Add(new ProtectedKey { Purpose = purpose, Protected = kek.Protect(key, purpose), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync();
            return key;
        }
        catch (DbUpdateException)
        {
            // Another node made it first: use theirs. Otherwise the write itself failed (e.g. SQLite's writer lock held
            // by a long transaction), which is why the start-up makes every key before anything else runs.
            await using var again = await dbFactory.CreateDbContextAsync();
            var theirs = await again.ProtectedKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Purpose == purpose);
            if (theirs is null) throw;
            return kek.UnprotectAny(theirs.Protected, purpose).Secret;
        }
    }
}
