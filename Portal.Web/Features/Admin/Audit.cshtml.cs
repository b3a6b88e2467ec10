using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Data.Patients;
using Portal.Data.Audit;
using Portal.Data;

namespace Portal.Web.Features.Admin;

/// <summary>The audit log, newest first, filterable by patient and action. Viewing it is itself audited.</summary>
[RequireRecentSecondFactor]
public sealed class AuditModel(IAuditReader reader, IAuditLog audit, UserManager<PortalUser> users) : PageModel
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true)] public Guid? Patient { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> ActorNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        var page = await reader.ReadAsync(Patient, Action, PageSize, HttpContext.RequestAborted);
        (Entries, ActorNames) = (page.Entries, page.ActorNames);

        await audit.WriteAsync(new AuditRecord(AuditActions.AuditLogView, AuditOutcomes.Success, HttpContext.ToAuditActor(), Patient), HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The entries matching the filter (patient, actor, action, dates), as CSV or JSON. The export is audited first.</summary>
    public Task<IActionResult> OnGetExportCsvAsync() => ExportAsync("csv");

    public Task<IActionResult> OnGetExportJsonAsync() => ExportAsync("json");

    private async Task<IActionResult> ExportAsync(string format)
    {
        Guid? actorId = null;
        if (!string.IsNullOrWhiteSpace(Actor))
        {
            actorId = Guid.TryParse(Actor, out var id) ? id : (await users.FindByEmailAsync(Actor.Trim()))?.Id;
            if (actorId is null)
                return new UnprocessableEntityObjectResult("No account has that email address or id.");
        }
        var filter = new AuditFilter(Patient, actorId, Action, From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        // What was exported, as far as the target column holds it (the patient has a column of its own).
        var described = $"{format}:{From:yyyyMMdd}-{To:yyyyMMdd}:{Action}:{actorId:N}";
        await audit.WriteAsync(new AuditRecord(AuditActions.AuditExported, AuditOutcomes.Success, HttpContext.ToAuditActor(), Patient,
            described[..Math.Min(64, described.Length)]), HttpContext.RequestAborted);
        await AuditExport.WriteAsync(Response, reader.ExportAsync(filter, HttpContext.RequestAborted), format, HttpContext.RequestAborted);
        return new EmptyResult();
    }
}
