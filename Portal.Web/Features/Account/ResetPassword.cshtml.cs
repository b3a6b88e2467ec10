using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Outbox;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>Choosing a new password from an emailed link. The second factor is still needed at the next sign-in.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<PortalUser> users, ISessionStore sessions, OutboxWriter outbox, AttemptThrottle throttle, IAuditLog audit)
    : EmailedLinkModel(throttle, "reset")
{
    [BindProperty, Display(Name = "New password")] public string NewPassword { get; set; } = "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (IsThrottled())
            return Page();
        var user = await users.FindByIdAsync(AccountId.ToString());
        var result = user is null ? null : await users.ResetPasswordAsync(user, Token, NewPassword);
        var actor = new AuditActor(user?.Id ?? Guid.Empty, "account", HttpContext.Connection.RemoteIpAddress?.ToString());
        await audit.WriteAsync(new AuditRecord(AuditActions.PasswordReset, result?.Succeeded == true ? AuditOutcomes.Success : AuditOutcomes.Failure, actor));
        if (result is null || !result.Succeeded)
        {
            // A bad token and a password the policy refuses are told apart: only the latter is the user's to fix.
            return Fail(result is null || result.Errors.Any(e => e.Code == "InvalidToken") ? InvalidLink : string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await sessions.RevokeOthersAsync(user!.Id, keep: null, "password-reset");
        await outbox.EnqueueAsync(OutboxKind.PasswordChanged, user.Id);
        Done = true;
        return Page();
    }
}
