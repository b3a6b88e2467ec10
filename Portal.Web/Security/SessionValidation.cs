using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Runs for every request that carries a session cookie: a cookie whose server-side session was
/// revoked, idled out or outlived its absolute lifetime is refused, whatever its own expiry says.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var store = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
        var active = principal is not null
            && Guid.TryParse(principal.FindFirstValue(SessionClaims.SessionId), out var session)
            && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var user)
            && await store.CheckAndTouchAsync(session, user, context.HttpContext.Connection.RemoteIpAddress?.ToString());
        if (!active)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionClaims.SessionId), out var id) ? id : null;
}
