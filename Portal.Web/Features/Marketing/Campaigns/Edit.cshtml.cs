using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Data.Campaigns;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Campaigns;
using Portal.Messaging.Campaigns;
using Portal.Messaging.Notifications;
using Portal.Web.Security;

namespace Portal.Web.Features.Marketing.Campaigns;

/// <summary>
/// The campaign editor: goal, purpose and audience, then the email as blocks (heading, text, image, divider, one
/// button, expert HTML). Works without scripts: every button posts the whole form, and the checks are shown beside
/// what they concern after each post.
/// </summary>
public sealed class EditModel(IGrainFactory grains, Grains.Audience.Segments.Segments segments, CampaignChecks checks, IOptions<NotificationOptions> notifications, IOptions<CampaignOptions> campaignOptions) : PageModel
{
    public string OrganisationZone => campaignOptions.Value.TimeZone;
    public string? QuietHours => campaignOptions.Value.QuietHoursStart == campaignOptions.Value.QuietHoursEnd ? null
        : $@"{campaignOptions.Value.QuietHoursStart:hh\:mm}–{campaignOptions.Value.QuietHoursEnd:hh\:mm}";

    [BindProperty] public CampaignForm Form { get; set; } = new();
    public Guid? CampaignId { get; private set; }
    public IReadOnlyList<SegmentSummary> SegmentChoices { get; private set; } = [];
    public IReadOnlyList<Lint> Lints { get; private set; } = [];
    public string? Error { get; private set; }

    public IEnumerable<Lint> LintsFor(string where) => Lints.Where(l => l.Where == where);

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing)
        {
            if (await grains.GetGrain<ICampaignGrain>(existing).GetAsync() is not { } campaign) return NotFound();
            if (campaign.Status != CampaignStatus.Draft) return Redirect($"/marketing/campaigns/{existing}");
            (CampaignId, Form) = (existing, CampaignForm.From(campaign.Draft));
            Lints = checks.Check(campaign.Draft);
        }
        else
            Form = CampaignForm.Starter(notifications.Value.OrganisationName);
        await LoadChoicesAsync();
        return Page();
    }

    public Task<IActionResult> OnPostAddBlockAsync(Guid? id, BlockKind kind) => RedrawAsync(id, () =>
    {
        if (Enum.IsDefined(kind) && Form.Blocks.Count < CampaignDesign.MaxBlocks)
            Form.Blocks.Add(new CampaignForm.BlockForm { Kind = kind, Action = kind == BlockKind.Button ? CallToAction.SignInToSeeContent : null });
    });

    public Task<IActionResult> OnPostRemoveBlockAsync(Guid? id, int block) => RedrawAsync(id, () =>
    {
        if (block >= 0 && block < Form.Blocks.Count) Form.Blocks.RemoveAt(block);
    });

    public Task<IActionResult> OnPostMoveBlockAsync(Guid? id, int block, int by) => RedrawAsync(id, () =>
    {
        var to = block + Math.Sign(by);
        if (block >= 0 && block < Form.Blocks.Count && to >= 0 && to < Form.Blocks.Count)
            (Form.Blocks[block], Form.Blocks[to]) = (Form.Blocks[to], Form.Blocks[block]);
    });

    public async Task<IActionResult> OnPostSaveAsync(Guid? id)
    {
        var campaignId = id ?? Guid.CreateVersion7();
        var result = await grains.GetGrain<ICampaignGrain>(campaignId).SaveDraftAsync(Form.ToDraft(), HttpContext.ToAuditActor());
        if (!result.Succeeded)
        {
            (CampaignId, Error) = (id, result.Problem);
            Lints = checks.Check(Form.ToDraft());
            await LoadChoicesAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return Redirect($"/marketing/campaigns/{campaignId}?saved=1");
    }

    private async Task<IActionResult> RedrawAsync(Guid? id, Action change)
    {
        ModelState.Clear(); // the form is redrawn from the changed model, not from what was posted
        CampaignId = id;
        change();
        Lints = checks.Check(Form.ToDraft());
        await LoadChoicesAsync();
        return Page();
    }

    private async Task LoadChoicesAsync() => SegmentChoices = await segments.ListAsync(HttpContext.RequestAborted);
}
