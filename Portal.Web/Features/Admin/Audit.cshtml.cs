using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Patients;
using Portal.Data.Audit;
using Portal.Data;

namespace Portal.Web.Features.Admin;

/// <summary>The audit log, newest first, filterable by patient and action. Viewing it is itself audited.</summary>
[RequireRecentSecondFactor]
public sealed class AuditModel(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public Guid? Patient { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> ActorNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync(HttpContext.RequestAborted);
        var query = db.AuditEntries.AsNoTracking();
        if (Patient is { } patient) query = query.Where(e => e.PatientId == patient);
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action);
        Entries = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(HttpContext.RequestAborted);

        var actorIds = Entries.Where(e => e.ActorId is not null).Select(e => e.ActorId!.Value).Distinct().ToList();
        ActorNames = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", HttpContext.RequestAborted);

        await audit.WriteAsync(new AuditRecord(AuditActions.AuditLogView, AuditOutcomes.Success, HttpContext.ToAuditActor(), Patient), HttpContext.RequestAborted);
        return Page();
    }
}
