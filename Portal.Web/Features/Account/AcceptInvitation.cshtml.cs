using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Identity;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>Accepting an admin's invitation from its emailed (or, for the first admin, printed) link: the person
/// chooses a password; the second factor is enrolled at first sign-in, as for everyone.</summary>
[AllowAnonymous]
public sealed class AcceptInvitationModel(UserManager<PortalUser> users, IIdentityTransactions identityTransactions, AttemptThrottle throttle, IAuditLog audit)
    : EmailedLinkModel(throttle, "accept-invitation")
{
    [BindProperty, Display(Name = "Password")] public string Password { get; set; } = "";
    public string? Email { get; private set; }

    // The address is shown only to whoever holds a valid link: an account id alone tells nothing.
    public override async Task OnGetAsync()
    {
        if (!IsThrottled() && await PendingAsync() is { } user && await ValidAsync(user))
            Email = await users.GetEmailAsync(user);
    }

    private Task<bool> ValidAsync(PortalUser user) =>
        users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, Token);

    public async Task<IActionResult> OnPostAsync()
    {
        if (IsThrottled())
            return Page();
        var user = await PendingAsync();
        if (user is null || !await ValidAsync(user))
            return Fail(InvalidLink);
        Email = await users.GetEmailAsync(user);

        // The password is checked before the link is spent, so a refused password leaves the link usable.
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, Password) is { Succeeded: false } refused)
                return Fail(string.Join(" ", refused.Errors.Select(e => e.Description)));

        await using (var transaction = await identityTransactions.BeginAsync(HttpContext.RequestAborted))
        {
            user.EmailConfirmed = true;
            if (!(await users.UpdateAsync(user)).Succeeded)
                return Fail("Your account could not be completed. Please try the link again.");
            // Adding the password changes the security stamp, which spends this link and every earlier one.
            var password = await users.AddPasswordAsync(user, Password);
            if (!password.Succeeded)
                return Fail(string.Join(" ", password.Errors.Select(e => e.Description)));
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }
        await audit.WriteAsync(new AuditRecord(AuditActions.InvitationAccepted, AuditOutcomes.Success,
            new AuditActor(user.Id, "account", HttpContext.Connection.RemoteIpAddress?.ToString()), TargetId: user.Id.ToString()));
        Done = true;
        return Page();
    }

    private async Task<PortalUser?> PendingAsync() =>
        await users.FindByIdAsync(AccountId.ToString()) is { } user && AccountAdministration.IsPendingInvitation(user) && user.DeactivatedUtc is null ? user : null;
}
