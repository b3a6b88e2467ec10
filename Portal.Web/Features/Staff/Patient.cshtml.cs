using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Infrastructure;
using Portal.Web.Security;
using Portal.Data.Patients;

namespace Portal.Web.Features.Staff;

/// <summary>A patient's messages as staff see them, with read status.</summary>
public sealed class PatientModel(IGrainFactory grains, PatientAccess access, RecipientKeys recipientKeys) : PageModel
{
    public IReadOnlyList<RecipientKey> Keys { get; private set; } = [];
    public string? KeyError { get; private set; }
    public string? KeyNotice { get; private set; }

    /// <summary>Staff add a patient's S/MIME certificate or OpenPGP public key (a file the patient sent them).</summary>
    public async Task<IActionResult> OnPostUploadKeyAsync(Guid patientId, RecipientKeyKind kind, IFormFile? file)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        KeyError = await recipientKeys.AddUploadedAsync(actor, patientId, kind, file, HttpContext.RequestAborted);
        KeyNotice = KeyError is null ? "Added: sensitive messages will now be encrypted to it." : null;
        if (KeyError is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await OnGetAsync(patientId) is PageResult page ? page : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveKeyAsync(Guid patientId, Guid keyId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        await recipientKeys.RemoveAsync(actor, patientId, keyId);
        return Redirect($"/staff/patients/{patientId}");
    }

    public PatientSummary Patient { get; private set; } = null!;
    public Portal.Grains.Audience.PatientProfileView? Profile { get; private set; }
    public bool MarketingAuthorised { get; private set; }
    public IReadOnlyList<InboxItem> Messages { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Sent { get; set; }
    [BindProperty(SupportsGet = true)] public bool Added { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid patientId)
    {
        var grain = grains.GetGrain<IPatientGrain>(patientId);
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied)
            return denied;
        var patient = await grain.GetSummaryAsync(actor);
        if (patient is null)
            return NotFound();
        Patient = patient;
        Messages = await grain.GetInboxAsync(actor);
        Profile = await grains.GetGrain<Portal.Grains.Audience.IPatientProfileGrain>(patientId).GetProfileAsync(actor);
        MarketingAuthorised = (await grains.GetGrain<Portal.Grains.Audience.Consent.IPatientConsentGrain>(patientId).GetAsync(actor))
            .HasValidAuthorisation(Portal.Data.Audience.ContactPurpose.Marketing);
        Keys = await recipientKeys.ListAsync(patientId);
        return Page();
    }
}
