using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audience.Import;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff.Import;

/// <summary>One import: a progress bar while it runs, then what it did and what it refused.</summary>
public sealed class RunModel(ImportRuns runs) : PageModel
{
    public ImportRunView Run { get; private set; } = null!;

    public int Percent => Run.Total == 0 ? 100 : (int)(100L * Run.Processed / Run.Total);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (await runs.FindAsync(id, HttpContext.ToAuditActor()) is not { } run) return NotFound();
        Run = run;
        return Page();
    }

    /// <summary>For the page's script: how far it has got.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id) =>
        await runs.FindAsync(id, HttpContext.ToAuditActor()) is { } run
            ? new JsonResult(new { processed = run.Processed, total = run.Total, finished = run.FinishedUtc is not null })
            : NotFound();
}
