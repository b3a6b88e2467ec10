using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Messages;

/// <summary>Opens one message of the signed-in patient. Another patient's id answers exactly like a missing one.</summary>
public sealed class ReadModel(IGrainFactory grains) : PageModel
{
    public SecureMessageView Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var message = await grains.GetGrain<IPatientGrain>(User.UserId()).OpenMessageAsync(id, HttpContext.ToAuditActor());
        if (message is null)
            return NotFound();
        Message = message;
        return Page();
    }
}
