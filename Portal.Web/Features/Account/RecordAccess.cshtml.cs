using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>"Who has seen my record": the patient's own accounting of disclosures.</summary>
[Authorize(Policy = PortalPolicies.Patient)]
public sealed class RecordAccessModel(IDisclosureReport report) : PageModel
{
    public IReadOnlyList<Disclosure> Disclosures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = HttpContext.ToAuditActor();
        if (await report.ForPatientAsync(actor.UserId, actor, HttpContext.RequestAborted) is not { } disclosures)
            return Forbid();
        Disclosures = disclosures;
        return Page();
    }
}
