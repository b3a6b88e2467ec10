using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Identity;

namespace Portal.Web.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    EqualTimePasswordCheck equalTime,
    AttemptThrottle throttle,
    IAuditLog audit) : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public sealed class LoginInput
    {
        [Required, MaxLength(256)] public string Email { get; set; } = "";
        [Required, MaxLength(256)] public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var address = HttpContext.Connection.RemoteIpAddress;
        if (this.IsOverLimit(throttle, "sign-in", Input.Email))
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.SignIn, AuditOutcomes.Throttled, new AuditActor(Guid.Empty, "unknown", address?.ToString())));
            Error = SignInMessages.Throttled;
            return Page();
        }
        if (!ModelState.IsValid)
        {
            Error = SignInMessages.Generic;
            return Page();
        }

        // Unknown and locked accounts cost the same as a wrong password, so timing reveals neither.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null || !user.EmailConfirmed || user.PasswordHash is null)
        {
            // Unknown, or a registration never finished: answered exactly like a wrong password.
            equalTime.SpendEquivalentTime(Input.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else if (await users.IsLockedOutAsync(user))
        {
            equalTime.SpendEquivalentTime(Input.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        }

        var outcome = result.Succeeded || result.RequiresTwoFactor ? AuditOutcomes.Success : result.IsLockedOut ? AuditOutcomes.Denied : AuditOutcomes.Failure;
        await audit.WriteAsync(new AuditRecord(AuditActions.SignIn, outcome, new AuditActor(user?.Id ?? Guid.Empty, user is null ? "unknown" : "account", address?.ToString())));

        var returnUrl = SignInMessages.SafeReturnUrl(ReturnUrl);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/LoginTwoFactor", new { returnUrl });
        if (result.Succeeded)
            return RedirectToPage("/Account/EnrolTotp", new { returnUrl }); // no second factor yet: enrolment is all it may reach

        Error = SignInMessages.Generic;
        return Page();
    }
}
