using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Forms;
using Portal.Web.Security;

namespace Portal.Web.Features.Forms;

/// <summary>The patient's "to do" list: forms assigned to them, what is due, and what they have already sent.</summary>
[Authorize(Policy = PortalPolicies.Patient)]
public sealed class IndexModel(IGrainFactory grains) : PageModel
{
    public IReadOnlyList<AssignmentSummary> Assignments { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved = false)
    {
        Saved = saved;
        Assignments = await grains.GetGrain<IPatientFormsGrain>(User.UserId()).ListAssignmentsAsync(HttpContext.ToAuditActor());
    }

    public static string Describe(AssignmentStatus status) => status switch
    {
        AssignmentStatus.ToDo => "To do",
        AssignmentStatus.InProgress => "In progress",
        AssignmentStatus.Submitted => "Submitted",
        _ => "Overdue",
    };
}
