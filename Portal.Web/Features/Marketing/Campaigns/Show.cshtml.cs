using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Campaigns;
using Portal.Grains.Campaigns;
using Portal.Messaging.Campaigns;
using Portal.Web.Security;

namespace Portal.Web.Features.Marketing.Campaigns;

/// <summary>
/// One campaign. A draft shows its checks, who it would reach and who it leaves out (counts only), a preview and a
/// test send, and the launch button. A launched one shows its progress (refreshing itself, with or without script)
/// and pause, resume and cancel.
/// </summary>
public sealed class ShowModel(IGrainFactory grains, CampaignDirectory directory, CampaignChecks checks, CampaignTrials trials, CampaignMail mail, Grains.Audience.Segments.Segments segments, Microsoft.Extensions.Options.IOptions<CampaignOptions> campaignOptions) : PageModel
{
    public string When => CampaignForm.When(Campaign.Draft.Schedule, Campaign.Draft.SendAtLocal, campaignOptions.Value.TimeZone);

    // The preview is a whole email: its inline styles and https images may show, nothing else may run.
    private const string PreviewPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox allow-popups allow-popups-to-escape-sandbox";

    public CampaignView Campaign { get; private set; } = null!;
    public CampaignProgress? Progress { get; private set; }
    public AudienceEstimate? Estimate { get; private set; }
    public IReadOnlyList<Lint> Lints { get; private set; } = [];
    public string? SegmentName { get; private set; }
    public RenderedCampaign? Sample { get; private set; }
    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    [BindProperty] public string? TestAddress { get; set; }
    [BindProperty] public string? PreviewAddress { get; set; }

    public bool CanLaunch => Campaign.Status == CampaignStatus.Draft && Estimate is { Reached: > 0 } && !Lints.Any(l => l.Severity == LintSeverity.Error);

    public async Task<IActionResult> OnGetAsync(Guid id, string? done)
    {
        if (!await LoadAsync(id)) return NotFound();
        Notice = done switch
        {
            "saved" => "Draft saved.",
            "launched" => "Launched: the recipients are being queued and sending starts at once.",
            "paused" => "Paused: nothing more leaves until you resume (what was already on its way may still arrive).",
            "resumed" => "Resumed.",
            "cancelled" => "Cancelled: what had not left will not be sent.",
            "tested" => "Test sent: it arrives in a moment, marked [Test].",
            _ => Request.Query.ContainsKey("saved") ? "Draft saved." : null,
        };
        TestAddress = User.FindFirstValue(ClaimTypes.Email);
        return Page();
    }

    /// <summary>The progress as JSON, for the page's script: the same figures the page shows.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id) =>
        await grains.GetGrain<ICampaignGrain>(id).GetProgressAsync() is { } progress
            ? new JsonResult(new { Status = progress.Status.ToString(), progress.Queued, progress.Sent, progress.NotSent, progress.PercentDone, progress.Delivered, progress.Deferred, progress.Bounced, progress.Complained, progress.Unsubscribed, progress.Waiting })
            : NotFound();

    /// <summary>The email as the sample patient sees it.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id) => PreviewResult(await trials.PreviewAsync(id, null, HttpContext.ToAuditActor(), HttpContext.RequestAborted));

    /// <summary>The email as one patient of the segment sees it; the address is posted, never put in a URL.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(Guid id)
    {
        var preview = await trials.PreviewAsync(id, PreviewAddress, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
        if (preview.Mail is null) return await RedrawAsync(id, preview.Problem);
        return PreviewResult(preview);
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id)
    {
        var problem = await trials.TestSendAsync(id, TestAddress, HttpContext.ToAuditActor(), HttpContext.RequestAborted);
        return problem is null ? Redirect($"/marketing/campaigns/{id}?done=tested") : await RedrawAsync(id, problem);
    }

    public Task<IActionResult> OnPostLaunchAsync(Guid id) => ChangeAsync(id, "launched", grain => grain.LaunchAsync(HttpContext.ToAuditActor()));

    public Task<IActionResult> OnPostPauseAsync(Guid id) => ChangeAsync(id, "paused", grain => grain.PauseAsync(HttpContext.ToAuditActor()));

    public Task<IActionResult> OnPostResumeAsync(Guid id) => ChangeAsync(id, "resumed", grain => grain.ResumeAsync(HttpContext.ToAuditActor()));

    public Task<IActionResult> OnPostCancelAsync(Guid id) => ChangeAsync(id, "cancelled", grain => grain.CancelAsync(HttpContext.ToAuditActor()));

    private async Task<IActionResult> ChangeAsync(Guid id, string done, Func<ICampaignGrain, Task<CampaignResult>> change)
    {
        var result = await change(grains.GetGrain<ICampaignGrain>(id));
        return result.Succeeded ? Redirect($"/marketing/campaigns/{id}?done={done}") : await RedrawAsync(id, result.Problem);
    }

    private async Task<IActionResult> RedrawAsync(Guid id, string? problem)
    {
        if (!await LoadAsync(id)) return NotFound();
        Error = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private IActionResult PreviewResult(CampaignPreview preview)
    {
        if (preview.Mail is null) return NotFound();
        Response.Headers.ContentSecurityPolicy = PreviewPolicy;
        return Content(preview.Mail.Html, "text/html; charset=utf-8");
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        if (await grains.GetGrain<ICampaignGrain>(id).GetAsync() is not { } campaign) return false;
        Campaign = campaign;
        SegmentName = campaign.Draft.SegmentId is { } segmentId ? (await segments.FindAsync(segmentId, HttpContext.RequestAborted))?.Name : null;
        if (campaign.Status == CampaignStatus.Draft)
        {
            Lints = checks.Check(campaign.Draft);
            Estimate = await directory.EstimateAsync(id, HttpContext.RequestAborted);
            Sample = mail.Preview(campaign.Draft, CampaignMail.SampleValues, out _);
        }
        else
            Progress = await grains.GetGrain<ICampaignGrain>(id).GetProgressAsync();
        return true;
    }
}
