using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Grains.Identity;

/// <summary>Registered passkeys and the pending WebAuthn challenges; the ceremonies themselves run in the web host.</summary>
public interface IPasskeyStore
{
    Task<IReadOnlyList<PasskeyCredential>> ListAsync(Guid userId, CancellationToken cancellationToken = default);
    Task<bool> AnyAsync(Guid userId);
    Task<bool> IsRegisteredAsync(byte[] credentialId, CancellationToken cancellationToken = default);
    Task<PasskeyCredential?> FindAsync(byte[] credentialId);
    Task AddAsync(PasskeyCredential credential);

    /// <summary>Removes one of the user's passkeys; another account's id removes nothing.</summary>
    Task<bool> RemoveAsync(Guid userId, Guid passkeyId);

    /// <summary>Moves the signature counter forward (a counter of zero stays zero for authenticators that keep none);
    /// false when it did not move, which is what a cloned credential looks like. Of two concurrent assertions one wins.</summary>
    Task<bool> AdvanceCounterAsync(Guid passkeyId, long signCount, DateTime usedUtc);

    /// <summary>Stores a ceremony's options until <paramref name="expiresUtc"/>, clearing expired ones.</summary>
    Task<Guid> SaveChallengeAsync(string purpose, Guid? userId, string optionsJson, DateTime expiresUtc);

    /// <summary>Takes a challenge out of the store, so it works once; null when it is not (or no longer) there.</summary>
    Task<PasskeyChallenge?> TakeChallengeAsync(Guid challengeId);
}

public sealed class PasskeyStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IPasskeyStore
{
    public async Task<IReadOnlyList<PasskeyCredential>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PasskeyCredentials.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedUtc).ToListAsync(cancellationToken);
    }

    public async Task<bool> AnyAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PasskeyCredentials.AnyAsync(p => p.UserId == userId);
    }

    public async Task<bool> IsRegisteredAsync(byte[] credentialId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PasskeyCredentials.AnyAsync(p => p.CredentialId == credentialId, cancellationToken);
    }

    public async Task<PasskeyCredential?> FindAsync(byte[] credentialId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PasskeyCredentials.AsNoTracking().SingleOrDefaultAsync(p => p.CredentialId == credentialId);
    }

    public async Task AddAsync(PasskeyCredential credential)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.PasskeyCredentials.Add(credential);
        await db.SaveChangesAsync();
    }

    public async Task<bool> RemoveAsync(Guid userId, Guid passkeyId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PasskeyCredentials.Where(p => p.Id == passkeyId && p.UserId == userId).ExecuteDeleteAsync() == 1;
    }

    public async Task<bool> AdvanceCounterAsync(Guid passkeyId, long signCount, DateTime usedUtc)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PasskeyCredentials
            .Where(p => p.Id == passkeyId && (p.SignCount < signCount || (p.SignCount == 0 && signCount == 0)))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, signCount).SetProperty(p => p.LastUsedUtc, usedUtc)) == 1;
    }

    public async Task<Guid> SaveChallengeAsync(string purpose, Guid? userId, string optionsJson, DateTime expiresUtc)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // Expired ceremonies are cleared as new ones start; nothing else reads them.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PasskeyChallenges.Where(c => c.ExpiresUtc < now).ExecuteDeleteAsync();
        var challenge = new PasskeyChallenge { Id = Guid.NewGuid(), Purpose = purpose, UserId = userId, OptionsJson = optionsJson, ExpiresUtc = expiresUtc };
        db.PasskeyChallenges.Add(challenge);
        await db.SaveChangesAsync();
        return challenge.Id;
    }

    public async Task<PasskeyChallenge?> TakeChallengeAsync(Guid challengeId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var challenge = await db.PasskeyChallenges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == challengeId);
        var taken = challenge is not null && await db.PasskeyChallenges.Where(c => c.Id == challengeId).ExecuteDeleteAsync() == 1;
        return taken ? challenge : null;
    }
}
