using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Portal.Grains.Encryption;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Grains.Identity;

/// <summary>
/// Identity's store, except that authenticator (TOTP) secrets are kept encrypted by the
/// key-encryption key (Identity would store them in clear, and a copy of the database would then
/// hand over every account's second factor), and email addresses are sealed with a look-up token
/// beside them (<see cref="AccountEmails"/>), so a copy of the database names no account holder.
/// </summary>
public sealed class ProtectedUserStore(PortalDbContext context, KeyEncryptionKey kek, AccountEmails emails, IdentityErrorDescriber? describer = null)
    : UserStore<PortalUser, IdentityRole<Guid>, PortalDbContext, Guid>(context, describer)
{
    private const string Prefix = "kek:";
    private const string Purpose = "totp-secret";

    /// <summary>Where Identity keeps the authenticator secret (its user-token row).</summary>
    public const string TokenProvider = "[AspNetUserStore]", TokenName = "AuthenticatorKey";

    public override Task SetAuthenticatorKeyAsync(PortalUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, Protect(kek, user.Id, System.Text.Encoding.ASCII.GetBytes(key)), cancellationToken);

    internal static string Protect(KeyEncryptionKey kek, Guid userId, byte[] secret) =>
        Prefix + Convert.ToBase64String(kek.Protect(secret, Purpose + ":" + userId.ToString("N")));

    /// <summary>During a KEK rotation: the stored secret under the current KEK, or null when it already is (or is not ours).</summary>
    public static string? ReprotectUnderCurrent(KeyEncryptionKey kek, Guid userId, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var (secret, by) = kek.UnprotectAny(Convert.FromBase64String(stored[Prefix.Length..]), Purpose + ":" + userId.ToString("N"));
        return ReferenceEquals(by, kek) ? null : Protect(kek, userId, secret);
    }

    public override async Task<string?> GetAuthenticatorKeyAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        var secret = kek.Unprotect(Convert.FromBase64String(stored[Prefix.Length..]), Purpose + ":" + user.Id.ToString("N"));
        return System.Text.Encoding.ASCII.GetString(secret);
    }

    public override async Task SetEmailAsync(PortalUser user, string? email, CancellationToken cancellationToken = default) =>
        user.Email = email is null ? null : await emails.SealAsync(user.Id, email);

    public override async Task<string?> GetEmailAsync(PortalUser user, CancellationToken cancellationToken = default) =>
        await emails.OpenAsync(user.Id, user.Email);

    public override async Task SetNormalizedEmailAsync(PortalUser user, string? normalizedEmail, CancellationToken cancellationToken = default) =>
        user.NormalizedEmail = normalizedEmail is null ? null : await emails.LookupTokenAsync(normalizedEmail);

    public override async Task<PortalUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default) =>
        await base.FindByEmailAsync(await emails.LookupTokenAsync(normalizedEmail), cancellationToken);
}
