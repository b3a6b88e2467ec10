using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Outbox;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>The second step with a recovery code instead of the app. Each code works once; its use is audited and the owner told.</summary>
[AllowAnonymous]
public sealed class LoginRecoveryModel(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    IRecoveryCodes recoveryCodes,
    AttemptThrottle throttle,
    OutboxWriter outbox,
    IAuditLog audit) : PageModel
{
    [BindProperty, Required, MaxLength(32), Display(Name = "Recovery code")] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return RedirectToPage("/Account/Login");
        var address = HttpContext.Connection.RemoteIpAddress;
        if (this.IsOverLimit(throttle, "recovery", user.Id.ToString()))
        {
            Error = SignInMessages.Throttled;
            return Page();
        }

        var actor = new AuditActor(user.Id, "account", address?.ToString());
        var valid = ModelState.IsValid && !await users.IsLockedOutAsync(user) && await recoveryCodes.RedeemAsync(user.Id, Code);
        await audit.WriteAsync(new AuditRecord(AuditActions.RecoveryCodeUsed, valid ? AuditOutcomes.Success : AuditOutcomes.Failure, actor));
        if (!valid)
        {
            await users.AccessFailedAsync(user);
            Error = SignInMessages.Generic;
            return Page();
        }

        await users.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.AuthenticationMethod, SessionClaims.MultiFactor)]);
        await outbox.EnqueueAsync(OutboxKind.RecoveryCodeUsed, user.Id);
        return LocalRedirect(SignInMessages.SafeReturnUrl(ReturnUrl));
    }
}
