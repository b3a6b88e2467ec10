using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Forms.Results;
using Portal.Grains.Patients;
using Portal.Web.Features.FormBuilder;
using Portal.Web.Security;

namespace Portal.Web.Features.FormResults;

/// <summary>Results of one form for the signed-in staff member's patients: counts, distributions, score bands over time, NPS.</summary>
[Authorize(Policy = PortalPolicies.Staff)]
public sealed class IndexModel(FormResultsReader results, IPatientDirectory directory) : PageModel
{
    public string FormId => RouteData.Values["formId"] as string ?? "";
    public FormResultsSummary Summary { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> PatientNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!FormIds.IsWellFormed(FormId))
            return NotFound();
        var actor = HttpContext.ToAuditActor();
        var summary = await results.ReadAsync(FormId, actor, HttpContext.RequestAborted);
        if (summary is null)
            return NotFound();
        Summary = summary;
        if (summary.Scores.Any(s => s.Patients.Count > 0))
            PatientNames = (await directory.ListAsync(actor, cancellationToken: HttpContext.RequestAborted)).ToDictionary(p => p.PatientId, p => p.FullName);
        return Page();
    }

    public string NameOf(Guid patientId) => PatientNames.TryGetValue(patientId, out var name) ? name : "Patient";
}
