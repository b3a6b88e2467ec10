using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Web.Security;
using Portal.Data.Identity;

namespace Portal.Web.Features.Admin;

/// <summary>Crypto-shredding a patient's record: the data key is destroyed and their PHI can no longer be read. Irreversible.</summary>
[RequireRecentSecondFactor]
public sealed class EraseModel(UserManager<PortalUser> users, IGrainFactory grains, ISessionStore sessions, Portal.Grains.Retention.LegalHolds holds) : PageModel
{
    public const string Confirmation = "ERASE";

    [BindProperty] public string? PatientEmail { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var patient = string.IsNullOrWhiteSpace(PatientEmail) ? null : await users.FindByEmailAsync(PatientEmail.Trim());
        if (patient is null || !await users.IsInRoleAsync(patient, PortalRoles.Patient))
            Error = "No patient account has that email address.";
        else if (Confirm != Confirmation)
            Error = $"Type {Confirmation} to confirm. This cannot be undone.";
        else if (await holds.IsHeldAsync(patient.Id, HttpContext.RequestAborted))
            Error = "This record is under a legal hold and cannot be erased until the hold is released (Retention).";
        else if (await grains.GetGrain<IPatientGrain>(patient.Id).EraseRecordAsync(HttpContext.ToAuditActor()))
        {
            // The account's address went with the record, so it cannot sign in again; its open sessions end now.
            await sessions.RevokeOthersAsync(patient.Id, keep: null, "record erased");
            Notice = "The record was erased: its messages, name and email address can no longer be read, and the patient's account is closed. The audit trail remains, with a signed disposal certificate (Retention).";
        }
        else
            Error = "That record was already erased.";
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
