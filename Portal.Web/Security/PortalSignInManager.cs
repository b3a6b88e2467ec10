using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Every sign-in (password step, second factor, passkey, enrolment) goes through
/// <see cref="SignInWithClaimsAsync"/>: each one opens a new server-side session, so the session id
/// rotates at login and at every change of privilege (from password-only to MFA).
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    ISessionStore sessions,
    NewSignInDetector newSignIns)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>A deactivated account cannot sign in by any route (password, passkey, second factor).</summary>
    public override async Task<bool> CanSignInAsync(PortalUser user) => user.DeactivatedUtc is null && await base.CanSignInAsync(user);

    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // The last line for any path that reaches here without asking CanSignInAsync: no session, no cookie.
        if (user.DeactivatedUtc is not null)
            return;
        var claims = additionalClaims.Where(c => c.Type != SessionClaims.SessionId).ToList();
        var mfa = claims.Any(c => c.Type == SessionClaims.AuthenticationMethod && c.Value == SessionClaims.MultiFactor);

        // The session being replaced (password-only step, or an earlier sign-in in this browser) ends here.
        if (Guid.TryParse(Context.User.FindFirstValue(SessionClaims.SessionId), out var previous))
            await sessions.RevokeAsync(previous, "replaced");

        var session = await sessions.CreateAsync(user.Id, mfa, Context.Connection.RemoteIpAddress?.ToString(), Context.Request.Headers.UserAgent.ToString());
        claims.Add(new Claim(SessionClaims.SessionId, session.ToString()));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
        if (mfa)
            await newSignIns.OnSignInAsync(Context, user.Id, session);
    }

    public override async Task SignOutAsync()
    {
        if (Guid.TryParse(Context.User.FindFirstValue(SessionClaims.SessionId), out var session))
            await sessions.RevokeAsync(session, "sign-out");
        await base.SignOutAsync();
    }
}
