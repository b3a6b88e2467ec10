using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audience;
using Portal.Web.Security;

namespace Portal.Web.Features.MyProfile;

/// <summary>A patient's own details and appointments, as the care team keeps them.</summary>
public sealed class IndexModel(IGrainFactory grains, TimeProvider clock) : PageModel
{
    public PatientProfileView Profile { get; private set; } = null!;
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = HttpContext.ToAuditActor();
        var profile = await grains.GetGrain<IPatientProfileGrain>(actor.UserId).GetProfileAsync(actor);
        if (profile is null) return NotFound();
        Profile = profile;
        return Page();
    }
}
