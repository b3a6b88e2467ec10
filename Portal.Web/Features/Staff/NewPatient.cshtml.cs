using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Grains.Audience;
using Portal.Grains.Outbox;
using Portal.Web.Infrastructure;
using Portal.Web.Security;

namespace Portal.Web.Features.Staff;

/// <summary>Staff add a patient to their care team and, given an email, may invite them to register.</summary>
public sealed class NewPatientModel(AccountProvisioning provisioning, UserManager<PortalUser> users, IGrainFactory grains, OutboxWriter outbox, TimeProvider clock) : PageModel
{
    [BindProperty] public string FullName { get; set; } = "";
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public DateOnly? DateOfBirth { get; set; }
    [BindProperty] public string? RecordNumber { get; set; }
    [BindProperty] public bool Invite { get; set; } = true;
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = HttpContext.ToAuditActor();
        var name = FullName.Trim();
        var email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim();
        var details = new ProfileDetails { DateOfBirth = DateOfBirth, RecordNumber = string.IsNullOrWhiteSpace(RecordNumber) ? null : RecordNumber.Trim() };
        var problem = !ModelState.IsValid ? "Check the date of birth: it must be a real date."
            : name.Length is 0 or > 200 || name.Any(char.IsControl) ? "Enter the patient's full name (up to 200 characters)."
            : email is not null && (email.Length > 254 || !new EmailAddressAttribute().IsValid(email) || email.Any(char.IsControl)) ? "Enter a valid email address, or leave it empty."
            : Invite && email is null ? "An invitation needs the patient's email address."
            : ProfileRules.Check(details, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (problem is null && email is not null && await users.FindByEmailAsync(email) is not null)
            problem = "An account with that email address already exists.";
        if (problem is not null)
        {
            Error = problem;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var id = await provisioning.CreatePatientRecordAsync(name, email, actor);
        await provisioning.AddToCareTeamAsync(actor.UserId, id, actor);
        if (details.DateOfBirth is not null || details.RecordNumber is not null)
            await grains.GetGrain<IPatientProfileGrain>(id).UpdateProfileAsync(null, details, actor);
        if (Invite && email is not null)
        {
            var user = (await users.FindByIdAsync(id.ToString()))!;
            user.InvitedUtc = clock.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(user);
            await outbox.EnqueueAsync(OutboxKind.AccountInvitation, id);
        }
        return Redirect($"/staff/patients/{id}?added=true");
    }
}
