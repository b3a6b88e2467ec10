using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>Break-glass: a staff member outside the care team states why they need the record; access lasts a short while and admins are told.</summary>
[RequireRecentSecondFactor]
public sealed class EmergencyAccessModel(BreakGlassAccess breakGlass, IPatientDirectory directory) : PageModel
{
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int Minutes { get; set; } = 30;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid patientId) => await ExistsAsync(patientId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid patientId)
    {
        if (!await ExistsAsync(patientId))
            return NotFound();
        Error = BreakGlassAccess.Check(Reason, TimeSpan.FromMinutes(Minutes));
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await breakGlass.GrantAsync(HttpContext.ToAuditActor(), patientId, Reason!, TimeSpan.FromMinutes(Minutes));
        return Redirect($"/staff/patients/{patientId}");
    }

    private Task<bool> ExistsAsync(Guid patientId) => directory.ExistsAsync(patientId, HttpContext.RequestAborted);
}
