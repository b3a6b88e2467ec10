using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>The team inbox: patients' replies across the care team's patients, newest first, a page at a time, with who is handling each.</summary>
public sealed class InboxModel(TeamInbox inbox, IGrainFactory grains, PatientAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)] public TeamInboxFilter Show { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public TeamInboxPage Listing { get; private set; } = new([], 0, 0, 0, 1, TeamInbox.DefaultPageSize);
    public IReadOnlyList<InboxItem> Replies => Listing.Items;
    public int Unread => Listing.Unread;

    public async Task OnGetAsync()
    {
        if (!Enum.IsDefined(Show)) Show = TeamInboxFilter.All;
        Listing = await inbox.ListAsync(HttpContext.ToAuditActor(), Show, PageNumber);
    }

    public async Task<IActionResult> OnPostAssignToMeAsync(Guid patientId, Guid messageId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        await grains.GetGrain<IPatientGrain>(patientId).AssignAsync(messageId, actor.UserId, actor);
        return Redirect($"/staff/inbox?show={Show}&p={PageNumber}");
    }
}
