using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Retention;
using Portal.Grains.Retention;
using Portal.Web.Security;

namespace Portal.Web.Features.Admin;

/// <summary>Admins set how long each kind of record is kept, place and release legal holds, run disposal now and
/// read the signed disposal certificates.</summary>
[RequireRecentSecondFactor]
public sealed class RetentionModel(RetentionRules rules, LegalHolds holds, DisposalJob disposal, DisposalCertificates certificates) : PageModel
{
    public IReadOnlyList<RetentionSetting> Settings { get; private set; } = [];
    public IReadOnlyList<LegalHold> Holds { get; private set; } = [];
    public IReadOnlyList<(DisposalCertificate Certificate, bool Valid)> Certificates { get; private set; } = [];
    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRuleAsync(RecordKind kind, int days) =>
        await DoneAsync(await rules.SetAsync(kind, days, HttpContext.ToAuditActor(), HttpContext.RequestAborted), $"{RetentionRules.Describe(kind)} are now kept {days} days.");

    public async Task<IActionResult> OnPostHoldAsync(Guid patientId, string? reference) =>
        await DoneAsync(await holds.PlaceAsync(patientId, reference, HttpContext.ToAuditActor(), HttpContext.RequestAborted), "Legal hold placed: nothing of this patient's is disposed of until it is released.");

    public async Task<IActionResult> OnPostReleaseAsync(Guid holdId) =>
        await DoneAsync(await holds.ReleaseAsync(holdId, HttpContext.ToAuditActor(), HttpContext.RequestAborted) ? null : "That hold is not active.", "Legal hold released.");

    public async Task<IActionResult> OnPostRunAsync()
    {
        var written = await disposal.RunAsync(HttpContext.ToAuditActor(), HttpContext.RequestAborted);
        return await DoneAsync(null, written.Count == 0 ? "Nothing was due." : $"Disposed of {written.Sum(c => c.Count)} records; {written.Count} signed certificates below.");
    }

    private async Task<IActionResult> DoneAsync(string? error, string notice)
    {
        if (error is null) Notice = notice;
        else
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Settings = await rules.ListAsync(HttpContext.RequestAborted);
        Holds = await holds.ListActiveAsync(HttpContext.RequestAborted);
        Certificates = await certificates.RecentAsync(20, HttpContext.RequestAborted);
    }
}
