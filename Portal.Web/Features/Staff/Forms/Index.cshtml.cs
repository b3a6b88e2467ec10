using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Forms;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Forms;

/// <summary>Staff assign a published form to one patient, a chosen list, or all their care team's patients, and follow its status.</summary>
public sealed class IndexModel(IGrainFactory grains, IFormLibrary library, IPatientDirectory directory, CareTeamAssignments assignments, TimeProvider clock) : PageModel
{
    public IReadOnlyList<FormListing> Forms { get; private set; } = [];
    public IReadOnlyList<PatientSummary> Patients { get; private set; } = [];
    public IReadOnlyList<AssignmentSummary> Assignments { get; private set; } = [];
    public string? Error { get; private set; }
    public int? AssignedCount { get; private set; }

    [BindProperty] public string? FormId { get; set; }
    [BindProperty] public DateOnly? Due { get; set; }
    [BindProperty] public List<Guid> PatientIds { get; set; } = [];
    [BindProperty] public bool AllMyPatients { get; set; }

    /// <summary>How many patients "all of my care team" is; the list below shows at most 200 of them.</summary>
    public int AllCount { get; private set; }

    public async Task OnGetAsync(int? assigned = null)
    {
        AssignedCount = assigned;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAssignAsync()
    {
        var actor = HttpContext.ToAuditActor();
        await LoadAsync();
        // "All" is every patient of the care team, not only those listed on the page.
        var targets = AllMyPatients ? [.. await directory.AllIdsAsync(actor, HttpContext.RequestAborted)]
            : PatientIds.Where(id => Patients.Any(p => p.PatientId == id)).Distinct().ToList();
        var form = Forms.FirstOrDefault(f => f.FormId == FormId && f.LatestVersion is not null);
        Error = form is null ? "Choose a published form."
            : Due is null || Due.Value.ToDateTime(TimeOnly.MaxValue) <= clock.GetUtcNow().UtcDateTime ? "Choose a due date after today."
            : targets.Count == 0 ? "Choose at least one patient of your care team."
            : null;
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var due = Due!.Value.ToDateTime(new TimeOnly(23, 59), DateTimeKind.Utc);
        foreach (var patientId in targets)
            await grains.GetGrain<IPatientFormsGrain>(patientId).AssignAsync(new NewFormAssignment(form!.FormId, form.LatestVersion!.Value, due), actor);
        return Redirect($"/staff/forms/assignments?assigned={targets.Count}");
    }

    private async Task LoadAsync()
    {
        var actor = HttpContext.ToAuditActor();
        Forms = [.. (await library.ListAsync()).Where(f => f.LatestVersion is not null).OrderBy(f => f.Title)];
        Patients = await directory.ListAsync(actor);
        AllCount = (await directory.AllIdsAsync(actor, HttpContext.RequestAborted)).Count;
        Assignments = await assignments.ListAsync(actor, HttpContext.RequestAborted);
    }

    public string NameOf(Guid patientId) => Patients.FirstOrDefault(p => p.PatientId == patientId)?.FullName ?? "Patient";
}
