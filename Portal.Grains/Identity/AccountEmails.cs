using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Data.Identity;
using Portal.Grains.Audience;
using Portal.Grains.Encryption;

namespace Portal.Grains.Identity;

/// <summary>
/// Account email addresses never sit in clear in the identity tables. <c>Email</c> holds the address sealed
/// (AES-256-GCM, bound to the account's row) under an organisation key that only the KEK opens; <c>NormalizedEmail</c>
/// holds its blind-index token, so Identity's look-ups by address stay one indexed comparison. <c>UserName</c> is the
/// account id, which names no one. The entity's <see cref="PortalUser.Email"/> is therefore always sealed text: read
/// an address with <see cref="OpenAsync"/> (or Identity's <c>GetEmailAsync</c>), give one with <see cref="AssignAsync"/>.
/// </summary>
public sealed class AccountEmails(OrganisationKeys keys, BlindIndex index, IDbContextFactory<PortalDbContext> dbFactory)
{
    public const string KeyPurpose = "account-fields-v1";
    private const string SealedPrefix = "e1:", TokenPrefix = "t1:";

    /// <summary>The longest address accepted (RFC 5321's path limit); its sealed form fits <see cref="PortalUserConfiguration"/>'s column.</summary>
    public const int MaxLength = 254;

    public static bool IsSealed(string? stored) => stored?.StartsWith(SealedPrefix, StringComparison.Ordinal) == true;

    public async ValueTask<string> SealAsync(Guid accountId, string email)
    {
        if (accountId == Guid.Empty) throw new ArgumentException("The account needs its id before its address is sealed.", nameof(accountId));
        return SealedPrefix + Convert.ToBase64String((await KeyAsync()).Seal(PhiFields.AccountEmail, accountId, email.Trim()));
    }

    /// <summary>The address in clear, or null for an account without one.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The stored value was changed or belongs to another account.</exception>
    public async ValueTask<string?> OpenAsync(Guid accountId, string? stored)
    {
        if (stored is null) return null;
        if (!IsSealed(stored)) throw new InvalidOperationException("An account address is stored unsealed; it is sealed at start.");
        return (await KeyAsync()).OpenText(PhiFields.AccountEmail, accountId, Convert.FromBase64String(stored[SealedPrefix.Length..]));
    }

    /// <summary>What <c>NormalizedEmail</c> holds for an address: equal for addresses that differ only in case or spaces.</summary>
    public async ValueTask<string> LookupTokenAsync(string email) => TokenPrefix + Convert.ToBase64String(await index.TokenAsync(TokenKind.Email, email));

    /// <summary>Gives a new (not yet stored) account its address, its look-up token and an id for a user name.</summary>
    public async Task AssignAsync(PortalUser user, string? email)
    {
        if (user.Id == Guid.Empty) user.Id = Guid.CreateVersion7();
        user.UserName = UserNameOf(user.Id);
        user.NormalizedUserName = user.UserName.ToUpperInvariant();
        (user.Email, user.NormalizedEmail) = email is null ? (null, null) : (await SealAsync(user.Id, email), await LookupTokenAsync(email));
    }

    /// <summary>An account's user name: its id, so nothing in the identity tables names its owner.</summary>
    public static string UserNameOf(Guid accountId) => accountId.ToString("N");

    /// <summary>One account's address in clear (null when it has none or does not exist).</summary>
    public async Task<string?> OfAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OfAsync(db, accountId, cancellationToken);
    }

    /// <summary>One account's address in clear, read through a context the caller already has open.</summary>
    public async Task<string?> OfAsync(PortalDbContext db, Guid accountId, CancellationToken cancellationToken = default) =>
        await OpenAsync(accountId, await db.Users.Where(u => u.Id == accountId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken));

    /// <summary>Several accounts' addresses in clear, by id (accounts without one are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OfAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<Guid, string>();
        if (accountIds.Count == 0) return result;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in accountIds.Distinct().Chunk(500))
            foreach (var row in await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id) && u.Email != null).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken))
                result[row.Id] = (await OpenAsync(row.Id, row.Email))!;
        return result;
    }

    /// <summary>Seals the addresses and user names that releases before this one kept in clear, and turns suppressed
    /// addresses into tokens (run at start, by any number of nodes at once: a row is rewritten only while it still
    /// holds what was read).</summary>
    public async Task SealStoredAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unsealed = await db.Users.AsNoTracking()
            .Where(u => (u.Email != null && !u.Email.StartsWith(SealedPrefix)) || (u.NormalizedEmail != null && !u.NormalizedEmail.StartsWith(TokenPrefix)))
            .Select(u => new { u.Id, u.Email, u.NormalizedEmail }).ToListAsync(cancellationToken);
        foreach (var row in unsealed)
        {
            var clear = IsSealed(row.Email) ? await OpenAsync(row.Id, row.Email) : row.Email;
            var sealedEmail = clear is null ? null : IsSealed(row.Email) ? row.Email : await SealAsync(row.Id, clear);
            var token = clear is null ? null : await LookupTokenAsync(clear);
            var userName = UserNameOf(row.Id);
            await db.Users.Where(u => u.Id == row.Id && u.Email == row.Email && u.NormalizedEmail == row.NormalizedEmail)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.Email, sealedEmail).SetProperty(u => u.NormalizedEmail, token)
                    .SetProperty(u => u.UserName, userName).SetProperty(u => u.NormalizedUserName, userName.ToUpperInvariant()), cancellationToken);
        }

        var clearSuppressions = await db.SuppressedAddresses.Where(s => !s.Address.StartsWith(TokenPrefix)).ToListAsync(cancellationToken);
        foreach (var suppression in clearSuppressions)
        {
            var token = await LookupTokenAsync(suppression.Address);
            db.SuppressedAddresses.Remove(suppression);
            if (!await db.SuppressedAddresses.AnyAsync(s => s.Address == token, cancellationToken) && !db.SuppressedAddresses.Local.Any(s => s.Address == token))
                db.SuppressedAddresses.Add(new Data.Delivery.SuppressedAddress
                {
                    Address = token, Reason = suppression.Reason, SinceUtc = suppression.SinceUtc, OutboxId = suppression.OutboxId, Detail = suppression.Detail,
                });
        }
        if (clearSuppressions.Count > 0)
        {
            try { await db.SaveChangesAsync(cancellationToken); }
            catch (DbUpdateConcurrencyException) { } // another node converted them first
        }
    }

    private async ValueTask<DataKey> KeyAsync() => new(await keys.GetAsync(KeyPurpose));
}
