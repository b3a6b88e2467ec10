using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Identity;
using Portal.Web.Infrastructure;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Web.Features.Admin;

/// <summary>Admins put staff on patients' care teams, by account email: the page shows accounts, never clinical records.</summary>
public sealed class CareTeamsModel(UserManager<PortalUser> users, AccountProvisioning provisioning, IDbContextFactory<PortalDbContext> dbFactory) : PageModel
{
    [BindProperty] public string? StaffEmail { get; set; }
    [BindProperty] public string? PatientEmail { get; set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    public IReadOnlyList<(string Staff, string Patient, DateTime AddedUtc)> Members { get; private set; } = [];

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
        await using var db = await dbFactory.CreateDbContextAsync(HttpContext.RequestAborted);
        var rows = await db.CareTeamMembers
            .Join(db.Users, m => m.StaffId, u => u.Id, (m, s) => new { m.PatientId, Staff = s.Email, m.AddedUtc })
            .Join(db.Users, x => x.PatientId, u => u.Id, (x, p) => new { x.Staff, Patient = p.Email, x.AddedUtc })
            .OrderByDescending(x => x.AddedUtc).Take(500)
            .ToListAsync(HttpContext.RequestAborted);
        Members = rows.Select(r => (r.Staff ?? "", r.Patient ?? "", r.AddedUtc)).ToList();
    }
}
