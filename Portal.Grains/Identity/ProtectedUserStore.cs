using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Portal.Grains.Encryption;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Grains.Identity;

/// <summary>
/// Identity's store, except that authenticator (TOTP) secrets are kept encrypted by the
/// key-encryption key: Identity would store them in clear, and a copy of the database would then
/// hand over every account's second factor.
/// </summary>
public sealed class ProtectedUserStore(PortalDbContext context, KeyEncryptionKey kek, IdentityErrorDescriber? describer = null)
    : UserStore<PortalUser, IdentityRole<Guid>, PortalDbContext, Guid>(context, describer)
{
    private const string Prefix = "kek:";
    private const string Purpose = "totp-secret";

    public override Task SetAuthenticatorKeyAsync(PortalUser user, string key, CancellationToken cancellationToken)
    {
        var protectedKey = Prefix + Convert.ToBase64String(kek.Protect(System.Text.Encoding.ASCII.GetBytes(key), Purpose + ":" + user.Id.ToString("N")));
        return base.SetAuthenticatorKeyAsync(user, protectedKey, cancellationToken);
    }

    public override async Task<string?> GetAuthenticatorKeyAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        var secret = kek.Unprotect(Convert.FromBase64String(stored[Prefix.Length..]), Purpose + ":" + user.Id.ToString("N"));
        return System.Text.Encoding.ASCII.GetString(secret);
    }
}
