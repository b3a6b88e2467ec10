using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Campaigns;

namespace Portal.Web.Features.Marketing.Campaigns;

/// <summary>The marketer's campaigns, newest change first.</summary>
public sealed class IndexModel(CampaignDirectory directory) : PageModel
{
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];

    public async Task OnGetAsync() => Campaigns = await directory.ListAsync(HttpContext.RequestAborted);
}
