using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Grains.Outbox;
using Portal.Grains.Patients;
using Portal.Web.Infrastructure;
using Portal.Web.Security;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Data.Outbox;
using Portal.Data;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>The user's own security settings: active sessions and password. Changes here need a recent second factor.</summary>
[RequireRecentSecondFactor]
public sealed class SecurityModel(
    UserManager<PortalUser> users,
    ISessionStore sessions,
    IRecoveryCodes recoveryCodes,
    RecipientKeys recipientKeys,
    SecondFactorEnrolment enrolment,
    OutboxWriter outbox,
    IPasskeyStore passkeys,
    IAuditLog audit,
    TimeProvider clock) : PageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];
    public Guid? CurrentSession => User.SessionId();
    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public IReadOnlyList<PasskeyCredential> Passkeys { get; private set; } = [];
    public IReadOnlyList<RecipientKey> EmailKeys { get; private set; } = [];
    public bool IsPatient => User.IsInRole(Portal.Grains.Identity.PortalRoles.Patient);

    [BindProperty] public PasswordInput Password { get; set; } = new();

    public sealed class PasswordInput
    {
        [Display(Name = "Current password")] public string Current { get; set; } = "";
        [Display(Name = "New password")] public string New { get; set; } = "";
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostSignOutOthersAsync()
    {
        var count = await sessions.RevokeOthersAsync(User.UserId(), CurrentSession, "signed-out-elsewhere");
        await audit.WriteAsync(new AuditRecord(AuditActions.SessionsRevoked, AuditOutcomes.Success, HttpContext.ToAuditActor(), TargetId: count.ToString()));
        Notice = count == 1 ? "1 other session was signed out." : $"{count} other sessions were signed out.";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        NewRecoveryCodes = await recoveryCodes.RegenerateAsync(User.UserId());
        await audit.WriteAsync(new AuditRecord(AuditActions.RecoveryCodesGenerated, AuditOutcomes.Success, HttpContext.ToAuditActor()));
        await enrolment.CompleteChangeAsync(User, User.UserId());
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(Guid passkeyId)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        var passkeyCount = (await passkeys.ListAsync(user.Id)).Count;
        var hasApp = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        if (passkeyCount <= 1 && !hasApp)
        {
            Error = "This is your only way to confirm it's you. Set up an authenticator app or another passkey before removing it.";
            await LoadAsync();
            return Page();
        }
        // Scoped to the signed-in user: another account's passkey id removes nothing.
        var removed = await passkeys.RemoveAsync(user.Id, passkeyId);
        await audit.WriteAsync(new AuditRecord(AuditActions.PasskeyRemoved, removed ? AuditOutcomes.Success : AuditOutcomes.NotFound, HttpContext.ToAuditActor(), TargetId: passkeyId.ToString()));
        if (removed)
        {
            await enrolment.CompleteChangeAsync(User, user.Id);
            Notice = "The passkey was removed. Other sessions were signed out.";
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>A patient adds their own S/MIME certificate or OpenPGP key, so sensitive messages can come by encrypted email.</summary>
    public async Task<IActionResult> OnPostUploadEmailKeyAsync(RecipientKeyKind kind, IFormFile? file)
    {
        if (!IsPatient) return Forbid();
        Error = await recipientKeys.AddUploadedAsync(HttpContext.ToAuditActor(), User.UserId(), kind, file, HttpContext.RequestAborted);
        Notice = Error is null ? "Added: sensitive messages will now be emailed to you encrypted." : null;
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostChangePasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return RedirectToPage("/Account/Login");
        var result = await users.ChangePasswordAsync(user, Password.Current, Password.New);
        await audit.WriteAsync(new AuditRecord(AuditActions.PasswordChanged, result.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure, HttpContext.ToAuditActor()));
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            // A changed password ends every other session: whoever knew the old one is out.
            await sessions.RevokeOthersAsync(user.Id, CurrentSession, "password-changed");
            await outbox.EnqueueAsync(OutboxKind.PasswordChanged, user.Id);
            Notice = "Your password was changed. Other sessions were signed out.";
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var userId = User.UserId();
        RecoveryCodesLeft = await recoveryCodes.RemainingAsync(userId);
        EmailKeys = IsPatient ? await recipientKeys.ListAsync(userId) : [];
        Passkeys = await passkeys.ListAsync(userId, HttpContext.RequestAborted);
        Sessions = await sessions.ListOpenAsync(userId, clock.GetUtcNow().UtcDateTime.AddDays(-1), HttpContext.RequestAborted);
    }
}
