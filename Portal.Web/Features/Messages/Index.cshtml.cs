using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Messages;

/// <summary>The patient's inbox. The grain is always the signed-in patient's own: no id comes from the request.</summary>
public sealed class IndexModel(IGrainFactory grains) : PageModel
{
    public IReadOnlyList<InboxItem> Messages { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Messages = await grains.GetGrain<IPatientGrain>(User.UserId()).GetInboxAsync(HttpContext.ToAuditActor());
    }
}
