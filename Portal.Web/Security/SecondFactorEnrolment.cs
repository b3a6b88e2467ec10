using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Grains.Outbox;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Grains.Identity;

namespace Portal.Web.Security;

/// <summary>
/// Who may add a second factor, and what adding the first one does. A password-only session may
/// enrol only while the account has no second factor: once it has one, whoever holds just the
/// password (a leaked initial password, a second browser left on the enrolment page) is refused.
/// A signed-in (MFA) session adds factors after a fresh second factor. The first enrolment ends
/// every other session of the account, so a browser that reached enrolment with the password alone
/// keeps nothing.
/// </summary>
public sealed class SecondFactorEnrolment(ISessionStore sessions, SignInManager<PortalUser> signIn, OutboxWriter outbox)
{
    public enum Permission { FirstFactor, AnotherFactor, StepUpRequired, Refused }

    public async Task<Permission> CheckAsync(ClaimsPrincipal principal, PortalUser user)
    {
        if (!principal.HasClaim(SessionClaims.AuthenticationMethod, SessionClaims.MultiFactor))
            return user.TwoFactorEnabled ? Permission.Refused : Permission.FirstFactor;
        return await sessions.HasRecentSecondFactorAsync(principal.SessionId()) ? Permission.AnotherFactor : Permission.StepUpRequired;
    }

    /// <summary>The first second factor is proved: every session of the account ends and this browser gets a new one that carries it.</summary>
    public async Task CompleteFirstFactorAsync(PortalUser user)
    {
        await signIn.UserManager.SetTwoFactorEnabledAsync(user, true);
        await sessions.RevokeOthersAsync(user.Id, keep: null, "factor-enrolled");
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.AuthenticationMethod, SessionClaims.MultiFactor)]);
        await outbox.EnqueueAsync(OutboxKind.FactorChanged, user.Id);
    }

    /// <summary>A factor was added to or removed from an enrolled account: the owner is told and every other session ends.</summary>
    public async Task CompleteChangeAsync(ClaimsPrincipal principal, Guid userId)
    {
        await outbox.EnqueueAsync(OutboxKind.FactorChanged, userId);
        await sessions.RevokeOthersAsync(userId, principal.SessionId(), "factor-changed");
    }

    /// <summary>A password-only session of an account that has a second factor: it ends here.</summary>
    public async Task EndPasswordOnlySessionAsync(ClaimsPrincipal principal)
    {
        if (principal.SessionId() is { } session)
            await sessions.RevokeAsync(session, "enrolment-refused");
        await signIn.SignOutAsync();
    }
}
