using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Data;
using Portal.Grains.Outbox;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>Choosing a new password from an emailed link. The second factor is still needed at the next sign-in.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<PortalUser> users, SessionStore sessions, OutboxWriter outbox, AttemptThrottle throttle, IAuditLog audit) : PageModel
{
    public const string InvalidLink = "This link is not valid or has expired. Ask for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")] public Guid AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty, Display(Name = "New password")] public string NewPassword { get; set; } = "";
    public string? Error { get; private set; }
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (this.IsOverLimit(throttle, "reset", AccountId.ToString()))
        {
            Error = SignInMessages.Throttled;
            return Page();
        }
        var user = await users.FindByIdAsync(AccountId.ToString());
        var result = user is null ? null : await users.ResetPasswordAsync(user, Token, NewPassword);
        var actor = new AuditActor(user?.Id ?? Guid.Empty, "account", HttpContext.Connection.RemoteIpAddress?.ToString());
        await audit.WriteAsync(new AuditRecord(AuditActions.PasswordReset, result?.Succeeded == true ? AuditOutcomes.Success : AuditOutcomes.Failure, actor));
        if (result is null || !result.Succeeded)
        {
            // A bad token and a password the policy refuses are told apart: only the latter is the user's to fix.
            Error = result is null || result.Errors.Any(e => e.Code == "InvalidToken") ? InvalidLink : string.Join(" ", result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await sessions.RevokeOthersAsync(user!.Id, keep: null, "password-reset");
        await outbox.EnqueueAsync(OutboxKind.PasswordChanged, user.Id);
        Done = true;
        return Page();
    }
}
