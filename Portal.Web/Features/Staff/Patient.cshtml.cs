using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>A patient's messages as staff see them, with read status.</summary>
public sealed class PatientModel(IGrainFactory grains, PatientAccess access, RecipientCertificates certificates) : PageModel
{
    public IReadOnlyList<Portal.Grains.Data.RecipientCertificate> Certificates { get; private set; } = [];
    public string? CertificateError { get; private set; }
    public string? CertificateNotice { get; private set; }

    /// <summary>Staff add a patient's S/MIME certificate (a file the patient sent them).</summary>
    public async Task<IActionResult> OnPostUploadCertificateAsync(Guid patientId, IFormFile? certificate)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        if (certificate is null || certificate.Length is 0 or > RecipientCertificates.MaxBytes)
            CertificateError = "Choose one certificate file (PEM or DER) of at most 20 KB.";
        else
        {
            using var buffer = new MemoryStream();
            await certificate.CopyToAsync(buffer, HttpContext.RequestAborted);
            CertificateError = await certificates.AddAsync(actor, patientId, buffer.ToArray());
            CertificateNotice = CertificateError is null ? "The certificate was added: sensitive messages will now be encrypted to it." : null;
        }
        if (CertificateError is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await OnGetAsync(patientId) is PageResult page ? page : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveCertificateAsync(Guid patientId, Guid certificateId)
    {
        var actor = HttpContext.ToAuditActor();
        if (await access.RequireAccessAsync(actor, patientId) is { } denied) return denied;
        await certificates.RemoveAsync(actor, patientId, certificateId);
        return Redirect($"/staff/patients/{patientId}");
    }

    public PatientSummary Patient { get; private set; } = null!;
    public IReadOnlyList<InboxItem> Messages { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public bool Sent { get; set; }

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
        Certificates = await certificates.ListAsync(patientId);
        return Page();
    }
}
