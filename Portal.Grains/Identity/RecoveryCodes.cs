using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Grains.Identity;

/// <summary>Ten single-use recovery codes per account, shown once and stored hashed.</summary>
public interface IRecoveryCodes
{
    /// <summary>Replaces every earlier code of the account; returns the new codes (the only time they exist in clear).</summary>
    Task<IReadOnlyList<string>> RegenerateAsync(Guid userId);

    /// <summary>Spends a code if it is the account's and unused; of two concurrent uses only one wins.</summary>
    Task<bool> RedeemAsync(Guid userId, string code);

    /// <summary>True once the account has been given codes, spent or not.</summary>
    Task<bool> EverIssuedAsync(Guid userId);

    Task<int> RemainingAsync(Guid userId);
}

public sealed class RecoveryCodes(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IRecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols, no look-alikes: 5 bits each

    public async Task<IReadOnlyList<string>> RegenerateAsync(Guid userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync();
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode { Id = Guid.NewGuid(), UserId = userId, CodeHash = Hash(code), CreatedUtc = now }));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return codes;
    }

    public async Task<bool> RedeemAsync(Guid userId, string code)
    {
        var normalised = Normalise(code);
        if (normalised.Length != 16)
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(normalised);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RecoveryCodes.Where(c => c.UserId == userId && c.CodeHash == hash && c.UsedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, now)) == 1;
    }

    public async Task<bool> EverIssuedAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RecoveryCodes.AnyAsync(c => c.UserId == userId);
    }

    public async Task<int> RemainingAsync(Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedUtc == null);
    }

    // 16 symbols = 80 random bits, shown as four groups of four.
    private static string NewCode()
    {
        var symbols = RandomNumberGenerator.GetString(Alphabet, 16);
        return string.Join('-', symbols.Chunk(4).Select(c => new string(c)));
    }

    private static string Normalise(string code) =>
        new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();

    private static string Hash(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes("portal-recovery:" + Normalise(code))));
}
