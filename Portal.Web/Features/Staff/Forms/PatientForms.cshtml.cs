using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>One patient's assigned forms and submissions, with export of one or several as PDF.</summary>
public sealed class PatientFormsModel(IGrainFactory grains, PatientAccess access) : PageModel
{
    public Guid PatientId { get; private set; }
    public IReadOnlyList<AssignmentSummary> Assignments { get; private set; } = [];
    public IReadOnlyList<SubmissionSummary> Submissions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid patientId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        PatientId = patientId;
        var grain = grains.GetGrain<IPatientFormsGrain>(patientId);
        Assignments = await grain.ListAssignmentsAsync(actor);
        Submissions = await grain.ListSubmissionsAsync(actor);
        return Page();
    }
}
