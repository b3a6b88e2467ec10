using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

public sealed class IndexModel(IPatientDirectory directory) : PageModel
{
    public IReadOnlyList<PatientSummary> Patients { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Patients = await directory.ListAsync(HttpContext.ToAuditActor(), cancellationToken: HttpContext.RequestAborted);
    }
}
