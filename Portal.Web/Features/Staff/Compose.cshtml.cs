using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Messaging.Notifications;
using Portal.Messaging.Content;
using Portal.Messaging.Policy;
using Portal.Messaging.Templates;
using Portal.Web.Features.Messages;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Patients;

namespace Portal.Web.Features.Staff;

/// <summary>Staff write a secure message; it goes through the patient's grain, which encrypts and queues the notice.</summary>
public sealed class ComposeModel(IGrainFactory grains, PatientAccess access, AttachmentRules attachmentRules, UserManager<PortalUser> users, IOptions<NotificationOptions> notifications, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public BodyFormat Format { get; set; }
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];
    [BindProperty] public Sensitivity Sensitivity { get; set; } = Sensitivity.Phi;

    /// <summary>Days until the message can no longer be read; 0 for never.</summary>
    [BindProperty] public int ExpiresInDays { get; set; }
    public PatientSummary Patient { get; private set; } = null!;
    public string? Error { get; private set; }

    /// <summary>Opens the form, filled from a template when one is chosen (merge fields resolved for this patient).</summary>
    public async Task<IActionResult> OnGetAsync(Guid patientId, string? template)
    {
        if (await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) is { } denied) return denied;
        if (!await LoadAsync(patientId)) return NotFound();
        if (MessageTemplates.Find(template) is { } chosen)
        {
            var staffName = (await users.GetUserAsync(User))?.DisplayName ?? "";
            var values = new MergeValues(Patient.FullName, staffName, notifications.Value.OrganisationName);
            Subject = MessageTemplates.Render(chosen.Subject, values);
            Body = MessageTemplates.Render(chosen.Body, values);
            Sensitivity = chosen.Sensitivity;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid patientId)
    {
        if (await access.RequireAccessAsync(HttpContext.ToAuditActor(), patientId) is { } denied)
            return denied;
        if (!await LoadAsync(patientId))
            return NotFound();
        Error = (Enum.IsDefined(Format) ? null : "Unknown message format.") ?? SecureMessageLimits.Check(Subject, Body, Format) ?? (Enum.IsDefined(Sensitivity) ? null : "Choose how sensitive the message is.")
            ?? (ExpiresInDays is >= 0 and <= 365 ? null : "Choose an expiry of at most a year.");
        var files = await AttachmentUploads.ReadAsync(Attachments, HttpContext.RequestAborted);
        Error ??= attachmentRules.Check(files).Problem;
        if (Error is null)
        {
            try
            {
                await grains.GetGrain<IPatientGrain>(patientId).SendSecureMessageAsync(new NewSecureMessage(Subject!.Trim(), Body!, Sensitivity,
                    ExpiresUtc: ExpiresInDays > 0 ? clock.GetUtcNow().UtcDateTime.AddDays(ExpiresInDays) : null, Format: Format, Attachments: files), HttpContext.ToAuditActor());
                return Redirect($"/staff/patients/{patientId}?sent=true");
            }
            catch (ArgumentException refused)
            {
                Error = refused.Message;
            }
        }
        // The editor is refilled with what was typed, reduced to what would have been stored.
        if (Format == BodyFormat.Html && Body is not null) Body = MessageHtml.Sanitize(Body);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid patientId)
    {
        var patient = await grains.GetGrain<IPatientGrain>(patientId).GetSummaryAsync(HttpContext.ToAuditActor());
        if (patient is null) return false;
        Patient = patient;
        return true;
    }
}
