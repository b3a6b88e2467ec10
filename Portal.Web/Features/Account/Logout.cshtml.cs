using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Identity;

namespace Portal.Web.Features.Account;

/// <summary>Sign-out is a POST (with anti-forgery) so a link or image cannot sign a user out.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<PortalUser> signIn, IAuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.SignOut, AuditOutcomes.Success, HttpContext.ToAuditActor()));
            await signIn.SignOutAsync();
        }
        return RedirectToPage("/Account/Login");
    }
}
