using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Data;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>Finishing a self-registration from the emailed link: name and password; the second factor is enrolled at first sign-in.</summary>
[AllowAnonymous]
public sealed class CompleteRegistrationModel(UserManager<PortalUser> users, IGrainFactory grains, AttemptThrottle throttle, IAuditLog audit)
    : EmailedLinkModel(throttle, "complete-registration")
{
    [BindProperty, Required(ErrorMessage = "Enter your full name."), MaxLength(200), Display(Name = "Full name")] public string FullName { get; set; } = "";
    [BindProperty, Display(Name = "Password")] public string Password { get; set; } = "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (IsThrottled())
            return Page();
        var user = await users.FindByIdAsync(AccountId.ToString());
        if (user is null || user.EmailConfirmed || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<PortalUser>.ConfirmEmailTokenPurpose, Token))
            return Fail(InvalidLink);
        if (!ModelState.IsValid || FullName.Any(char.IsControl))
            return Fail("Enter your full name.");

        // The password is checked before the link is spent, so a refused password leaves the link usable.
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, Password) is { Succeeded: false } refused)
                return Fail(string.Join(" ", refused.Errors.Select(e => e.Description)));
        // Confirm first: adding a password changes the security stamp the link's token is bound to.
        if (!(await users.ConfirmEmailAsync(user, Token)).Succeeded)
            return Fail(InvalidLink);
        var password = await users.AddPasswordAsync(user, Password);
        if (!password.Succeeded)
            return Fail(string.Join(" ", password.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, PortalRoles.Patient);
        await grains.GetGrain<IPatientGrain>(user.Id).CreateRecordAsync(FullName.Trim(), new AuditActor(user.Id, PortalRoles.Patient, HttpContext.Connection.RemoteIpAddress?.ToString()));
        await audit.WriteAsync(new AuditRecord(AuditActions.RegistrationCompleted, AuditOutcomes.Success, new AuditActor(user.Id, PortalRoles.Patient, HttpContext.Connection.RemoteIpAddress?.ToString()), user.Id));
        Done = true;
        return Page();
    }
}
