using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Patients;
using Portal.Grains.Identity;
using Portal.Web.Infrastructure;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Web.Features.Admin;

/// <summary>Admins put staff on patients' care teams, by account email: the page shows accounts, never clinical records.</summary>
public sealed class CareTeamsModel(UserManager<PortalUser> users, AccountProvisioning provisioning, ICareTeams careTeams) : PageModel
{
    [BindProperty] public string? StaffEmail { get; set; }
    [BindProperty] public string? PatientEmail { get; set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    public IReadOnlyList<CareTeamListing> Members { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var staff = StaffEmail is null ? null : await users.FindByEmailAsync(StaffEmail.Trim());
        var patient = PatientEmail is null ? null : await users.FindByEmailAsync(PatientEmail.Trim());
        if (staff is null || !await users.IsInRoleAsync(staff, PortalRoles.Staff))
            Error = "No staff account has that email address.";
        else if (patient is null || !await users.IsInRoleAsync(patient, PortalRoles.Patient))
            Error = "No patient account has that email address.";
        else
        {
            await provisioning.AddToCareTeamAsync(staff.Id, patient.Id, HttpContext.ToAuditActor());
            Notice = "Added to the care team.";
        }
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Members = await careTeams.ListAsync(500, HttpContext.RequestAborted);
    }
}
