using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Web.Features.Account;

/// <summary>Finishing a self-registration from the emailed link: name and password; the second factor is enrolled at first sign-in.</summary>
[AllowAnonymous]
public sealed class CompleteRegistrationModel(UserManager<PortalUser> users, IIdentityTransactions identityTransactions, IGrainFactory grains, AttemptThrottle throttle, IAuditLog audit)
    : EmailedLinkModel(throttle, "complete-registration")
{
    [BindProperty, Required(ErrorMessage = "Enter your full name."), MaxLength(200), Display(Name = "Full name")] public string FullName { get; set; } = "";
    [BindProperty, Display(Name = "Password")] public string Password { get; set; } = "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (IsThrottled())
            return Page();
        var user = await users.FindByIdAsync(AccountId.ToString());
        if (user is null || user.EmailConfirmed || user.InvitedUtc is not null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<PortalUser>.ConfirmEmailTokenPurpose, Token))
            return Fail(InvalidLink);
        if (!ModelState.IsValid || FullName.Any(char.IsControl))
            return Fail("Enter your full name.");

        // The password is checked before the link is spent, so a refused password leaves the link usable.
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, Password) is { Succeeded: false } refused)
                return Fail(string.Join(" ", refused.Errors.Select(e => e.Description)));
        var actor = new AuditActor(user.Id, PortalRoles.Patient, HttpContext.Connection.RemoteIpAddress?.ToString());
        // The record first (creating it twice keeps the first): if anything below fails, the link is
        // still unspent and a second try completes the same account.
        await grains.GetGrain<IPatientGrain>(user.Id).CreateRecordAsync(FullName.Trim(), actor);

        // Confirmation, password and role commit together, so no account is left confirmed (its link
        // spent) without a password or a role. The identity store shares this request's context.
        await using (var transaction = await identityTransactions.BeginAsync(HttpContext.RequestAborted))
        {
            // Confirm first: adding a password changes the security stamp the link's token is bound to.
            if (!(await users.ConfirmEmailAsync(user, Token)).Succeeded)
                return Fail(InvalidLink);
            var password = await users.AddPasswordAsync(user, Password);
            if (!password.Succeeded)
                return Fail(string.Join(" ", password.Errors.Select(e => e.Description)));
            if (!(await users.AddToRoleAsync(user, PortalRoles.Patient)).Succeeded)
                return Fail("Your account could not be completed. Please try the link again.");
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.RegistrationCompleted, AuditOutcomes.Success, actor, user.Id));
        Done = true;
        return Page();
    }
}
