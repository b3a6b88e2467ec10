using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Identity;

namespace Portal.Web.Features.Account;

/// <summary>The second step of sign-in: a code from the authenticator app (single use, one step of drift).</summary>
[AllowAnonymous]
public sealed class LoginTwoFactorModel(SignInManager<PortalUser> signIn, AttemptThrottle throttle, IAuditLog audit) : PageModel
{
    [BindProperty, Required, MaxLength(16)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public bool HasAuthenticatorApp { get; private set; } = true;
    public bool HasPasskey { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return RedirectToPage("/Account/Login");
        await LoadFactorsAsync(user);
        return Page();
    }

    /// <summary>Which second factors the account has, so the page offers exactly those.</summary>
    private async Task LoadFactorsAsync(PortalUser user)
    {
        var providers = await signIn.UserManager.GetValidTwoFactorProvidersAsync(user);
        HasAuthenticatorApp = providers.Contains(signIn.UserManager.Options.Tokens.AuthenticatorTokenProvider);
        HasPasskey = providers.Contains(Portal.Web.Security.Passkeys.PasskeyTwoFactorAvailability.ProviderName);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
            return RedirectToPage("/Account/Login");
        await LoadFactorsAsync(user);
        if (this.IsOverLimit(throttle, "second-factor", user.Id.ToString()))
        {
            Error = SignInMessages.Throttled;
            return Page();
        }

        var result = ModelState.IsValid
            ? await signIn.TwoFactorAuthenticatorSignInAsync(Code, isPersistent: false, rememberClient: false)
            : Microsoft.AspNetCore.Identity.SignInResult.Failed;
        var outcome = result.Succeeded ? AuditOutcomes.Success : result.IsLockedOut ? AuditOutcomes.Denied : AuditOutcomes.Failure;
        await audit.WriteAsync(new AuditRecord(AuditActions.SignInSecondFactor, outcome,
            new AuditActor(user.Id, "account", HttpContext.Connection.RemoteIpAddress?.ToString())));

        if (result.Succeeded)
            return LocalRedirect(SignInMessages.SafeReturnUrl(ReturnUrl));
        Error = SignInMessages.Generic;
        return Page();
    }
}
