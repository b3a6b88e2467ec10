using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Messages;

/// <summary>
/// A conversation as the patient sees it, opened from one of its messages. Another patient's id
/// answers exactly like a missing one. The patient may answer threads staff opened.
/// </summary>
public sealed class ReadModel(IGrainFactory grains, AttachmentRules attachmentRules) : PageModel
{
    public IReadOnlyList<SecureMessageView> Thread { get; private set; } = [];
    public bool CanReply => Thread.Count > 0 && Thread[0] is { FromPatient: false, State: MessageState.Active };
    [BindProperty] public string? Reply { get; set; }
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];
    [BindProperty(SupportsGet = true)] public bool Replied { get; set; }
    public string? Error { get; private set; }

    private IPatientGrain Grain => grains.GetGrain<IPatientGrain>(User.UserId());

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var files = await AttachmentUploads.ReadAsync(Attachments, HttpContext.RequestAborted);
        Error = SecureMessageLimits.Check("reply", Reply) ?? attachmentRules.Check(files).Problem;
        if (Error is null)
        {
            try
            {
                await Grain.ReplyAsync(Thread[0].ThreadId, Reply!, HttpContext.ToAuditActor(), files);
                return Redirect($"/messages/{id}?replied=true");
            }
            catch (InvalidOperationException)
            {
                Error = "This conversation can no longer be answered.";
            }
            catch (ArgumentException refused)
            {
                Error = refused.Message;
            }
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var actor = HttpContext.ToAuditActor();
        var message = await Grain.OpenMessageAsync(id, actor);
        if (message is null)
            return false;
        Thread = await Grain.GetThreadAsync(message.ThreadId, actor);
        return true;
    }
}
