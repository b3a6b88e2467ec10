using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>The staff member's patients, newest first, a page at a time; a search (by name, email, date of birth or
/// record number) is posted, so what was searched for never appears in a URL or a log.</summary>
public sealed class IndexModel(IPatientDirectory directory) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<PatientSummary> Patients { get; private set; } = [];
    public Guid? Next { get; private set; }
    public string? Search { get; private set; }

    public async Task OnGetAsync(Guid? after) => Show(await directory.FindAsync(HttpContext.ToAuditActor(), null, after, PageSize, HttpContext.RequestAborted));

    public async Task OnPostAsync(string? q, Guid? after)
    {
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Show(await directory.FindAsync(HttpContext.ToAuditActor(), Search, after, PageSize, HttpContext.RequestAborted));
    }

    private void Show(PatientPage page) => (Patients, Next) = (page.Patients, page.Next);
}
