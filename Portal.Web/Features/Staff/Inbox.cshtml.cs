using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>The team inbox: patients' replies across the care team's patients, unread first, with who is handling each.</summary>
public sealed class InboxModel(IGrainFactory grains, PatientAccess access) : PageModel
{
    public IReadOnlyList<InboxItem> Replies { get; private set; } = [];
    public int Unread => Replies.Count(r => r.StaffReadUtc is null);

    public async Task OnGetAsync()
    {
        var actor = HttpContext.ToAuditActor();
        var replies = new List<InboxItem>();
        foreach (var patientId in await access.AccessiblePatientsAsync(actor.UserId))
            replies.AddRange((await grains.GetGrain<IPatientGrain>(patientId).GetInboxAsync(actor)).Where(m => m.FromPatient));
        Replies = replies.OrderBy(r => r.StaffReadUtc is not null).ThenByDescending(r => r.SentUtc).ToList();
    }

    public async Task<IActionResult> OnPostAssignToMeAsync(Guid patientId, Guid messageId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        await grains.GetGrain<IPatientGrain>(patientId).AssignAsync(messageId, actor.UserId, actor);
        return Redirect("/staff/inbox");
    }
}
