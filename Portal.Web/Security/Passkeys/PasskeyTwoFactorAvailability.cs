using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Security.Passkeys;

/// <summary>
/// Tells Identity that an account with a passkey has a second factor, so the password step is
/// followed by the second-factor step even when no authenticator app is set up. The passkey itself
/// is verified by <see cref="PasskeyCeremonies"/>, never through a token, so validation always fails here.
/// </summary>
public sealed class PasskeyTwoFactorAvailability(IPasskeyStore passkeys) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "Passkey";

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) => passkeys.AnyAsync(user.Id);

    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) =>
        throw new NotSupportedException("Passkeys are verified by a WebAuthn ceremony, not a token.");

    public Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(false);
}
