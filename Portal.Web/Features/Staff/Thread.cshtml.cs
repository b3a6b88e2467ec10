using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Delivery;
using Portal.Grains.Patients;
using Portal.Messaging.Content;
using Portal.Web.Features.Messages;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>A conversation with a patient as staff see it: answer in it, recall a message.</summary>
public sealed class ThreadModel(IGrainFactory grains, PatientAccess access, DeliveryHistory deliveryHistory, AttachmentRules attachmentRules) : PageModel
{
    /// <summary>How each staff message went out and what happened to its mail.</summary>
    public IReadOnlyDictionary<Guid, MessageDelivery> Deliveries { get; private set; } = new Dictionary<Guid, MessageDelivery>();

    public Guid PatientId { get; private set; }
    public IReadOnlyList<SecureMessageView> Messages { get; private set; } = [];
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public BodyFormat Format { get; set; }
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid patientId, Guid threadId) =>
        await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) ?? (await LoadAsync(patientId, threadId) ? Page() : NotFound());

    public async Task<IActionResult> OnPostAsync(Guid patientId, Guid threadId)
    {
        if (await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) is { } denied) return denied;
        if (!await LoadAsync(patientId, threadId)) return NotFound();
        var subject = Messages[0].State == MessageState.Active ? Messages[0].Subject : "Message from your care team";
        var files = await AttachmentUploads.ReadAsync(Attachments, HttpContext.RequestAborted);
        Error = (Enum.IsDefined(Format) ? null : "Unknown message format.") ?? SecureMessageLimits.Check(subject, Body, Format) ?? attachmentRules.Check(files).Problem;
        if (Error is null)
        {
            try
            {
                await grains.GetGrain<IPatientGrain>(patientId).SendSecureMessageAsync(
                    new NewSecureMessage(subject, Body!, ThreadId: threadId, Format: Format, Attachments: files), HttpContext.ToAuditActor());
                return Redirect($"/staff/patients/{patientId}/threads/{threadId}");
            }
            catch (ArgumentException refused)
            {
                Error = refused.Message;
            }
        }
        if (Format == BodyFormat.Html && Body is not null) Body = MessageHtml.Sanitize(Body);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostRecallAsync(Guid patientId, Guid threadId, Guid messageId)
    {
        if (await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) is { } denied) return denied;
        await grains.GetGrain<IPatientGrain>(patientId).RecallAsync(messageId, HttpContext.ToAuditActor());
        return Redirect($"/staff/patients/{patientId}/threads/{threadId}");
    }

    private async Task<bool> LoadAsync(Guid patientId, Guid threadId)
    {
        PatientId = patientId;
        Messages = await grains.GetGrain<IPatientGrain>(patientId).GetThreadAsync(threadId, HttpContext.ToAuditActor());
        Deliveries = await deliveryHistory.ForMessagesAsync([.. Messages.Where(m => !m.FromPatient).Select(m => m.MessageId)]);
        return Messages.Count > 0;
    }
}
