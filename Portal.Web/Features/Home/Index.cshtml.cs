using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Home;

/// <summary>Sends each role to its own start page.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        if (User.IsInRole(PortalRoles.Patient)) return Redirect("/messages");
        if (User.IsInRole(PortalRoles.Staff) || User.IsInRole(PortalRoles.Admin)) return Redirect("/staff");
        if (User.IsInRole(PortalRoles.Marketer)) return Redirect("/marketing/segments");
        return Page();
    }
}
