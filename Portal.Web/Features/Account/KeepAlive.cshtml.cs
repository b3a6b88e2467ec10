using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>"Stay signed in" from the idle warning: any authenticated request refreshes the session, this one does only that.</summary>
[Authorize(Policy = PortalPolicies.PasswordVerified)]
public sealed class KeepAliveModel : PageModel
{
    public IActionResult OnGet() => new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);

    public IActionResult OnPost() => new NoContentResult();
}
