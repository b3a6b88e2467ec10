using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>A patient's messages as staff see them, with read status.</summary>
public sealed class PatientModel(IGrainFactory grains, PatientAccess access) : PageModel
{
    public PatientSummary Patient { get; private set; } = null!;
    public IReadOnlyList<InboxItem> Messages { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Sent { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid patientId)
    {
        var grain = grains.GetGrain<IPatientGrain>(patientId);
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied)
            return denied;
        var patient = await grain.GetSummaryAsync(actor);
        if (patient is null)
            return NotFound();
        Patient = patient;
        Messages = await grain.GetInboxAsync(actor);
        return Page();
    }
}
