using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Data;

namespace Portal.Web.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<PortalUser> signIn, UserManager<PortalUser> users, IAuditLog audit) : PageModel
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
        if (!ModelState.IsValid)
        {
            Error = SignInMessages.Generic;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: false, lockoutOnFailure: true);
        var user = await users.FindByNameAsync(Input.Email.Trim());
        var actor = user is null ? null : new AuditActor(user.Id, "account", HttpContext.Connection.RemoteIpAddress?.ToString());
        var outcome = result.Succeeded || result.RequiresTwoFactor ? AuditOutcomes.Success : result.IsLockedOut ? AuditOutcomes.Denied : AuditOutcomes.Failure;
        await audit.WriteAsync(new AuditRecord(AuditActions.SignIn, outcome, actor ?? new AuditActor(Guid.Empty, "unknown", HttpContext.Connection.RemoteIpAddress?.ToString())));

        var returnUrl = SignInMessages.SafeReturnUrl(ReturnUrl);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/LoginTwoFactor", new { returnUrl });
        if (result.Succeeded)
            return RedirectToPage("/Account/EnrolTotp", new { returnUrl }); // no second factor yet: enrolment is all it may reach

        Error = SignInMessages.Generic;
        return Page();
    }
}
