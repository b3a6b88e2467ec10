using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Infrastructure;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>The accounting of disclosures of one patient's record, to read or download (CSV) for the patient.</summary>
public sealed class DisclosuresModel(IDisclosureReport report) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid PatientId { get; set; }
    public IReadOnlyList<Disclosure> Disclosures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await report.ForPatientAsync(PatientId, HttpContext.ToAuditActor(), HttpContext.RequestAborted) is not { } disclosures)
            return NotFound();
        Disclosures = disclosures;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (await report.ForPatientAsync(PatientId, HttpContext.ToAuditActor(), HttpContext.RequestAborted) is not { } disclosures)
            return NotFound();
        await CsvDownload.WriteAsync(Response, $"disclosures-{PatientId:N}.csv", ["AtUtc", "Who", "Role", "What", "Reference"],
            CsvDownload.ToAsync(disclosures.Select(d => new[] { d.AtUtc.ToString("O", CultureInfo.InvariantCulture), d.Who, d.Role, d.What, d.Reference })),
            HttpContext.RequestAborted);
        return new EmptyResult();
    }
}
