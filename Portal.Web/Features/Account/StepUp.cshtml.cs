using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>Proves the second factor again before a sensitive action; the session records when.</summary>
public sealed class StepUpModel(UserManager<PortalUser> users, ISessionStore sessions, AttemptThrottle throttle, IAuditLog audit) : PageModel
{
    [BindProperty, Required, MaxLength(16)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        var session = User.SessionId();
        if (user is null || session is null)
            return RedirectToPage("/Account/Login");
        if (this.IsOverLimit(throttle, "step-up", user.Id.ToString()))
        {
            Error = SignInMessages.Throttled;
            return Page();
        }

        var valid = ModelState.IsValid && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code);
        await audit.WriteAsync(new AuditRecord(AuditActions.StepUp, valid ? AuditOutcomes.Success : AuditOutcomes.Failure, HttpContext.ToAuditActor()));
        if (!valid)
        {
            // Failed step-ups count towards lockout like any other failed factor.
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                await HttpContext.RequestServices.GetRequiredService<SignInManager<PortalUser>>().SignOutAsync();
                return RedirectToPage("/Account/Login");
            }
            Error = "That code did not match. Wait for the next code in your app and try again.";
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user);
        await sessions.MarkSecondFactorAsync(session.Value);
        return LocalRedirect(SignInMessages.SafeReturnUrl(ReturnUrl));
    }
}
