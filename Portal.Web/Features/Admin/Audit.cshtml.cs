using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Patients;
using Portal.Data.Audit;
using Portal.Data;

namespace Portal.Web.Features.Admin;

/// <summary>The audit log, newest first, filterable by patient and action. Viewing it is itself audited.</summary>
[RequireRecentSecondFactor]
public sealed class AuditModel(IAuditReader reader, IAuditLog audit) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public Guid? Patient { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> ActorNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await reader.ReadAsync(Patient, Action, PageSize, HttpContext.RequestAborted);
        (Entries, ActorNames) = (page.Entries, page.ActorNames);

        await audit.WriteAsync(new AuditRecord(AuditActions.AuditLogView, AuditOutcomes.Success, HttpContext.ToAuditActor(), Patient), HttpContext.RequestAborted);
        return Page();
    }
}
