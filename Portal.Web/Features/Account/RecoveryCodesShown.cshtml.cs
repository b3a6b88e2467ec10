using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>
/// After the first second factor is set up (a passkey, from the enrolment page), the account gets its
/// recovery codes here, once. An account that was ever given codes (even all spent) is sent to security
/// settings, where new codes are a notified factor change; and the page needs a fresh second factor, so
/// a session that only holds an old sign-in cannot mint codes.
/// </summary>
[RequireRecentSecondFactor]
public sealed class RecoveryCodesShownModel(IRecoveryCodes recoveryCodes, IAuditLog audit) : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string ContinueUrl => SignInMessages.SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await recoveryCodes.EverIssuedAsync(User.UserId()))
            return Redirect("/account/security");
        Codes = await recoveryCodes.RegenerateAsync(User.UserId());
        await audit.WriteAsync(new AuditRecord(AuditActions.RecoveryCodesGenerated, AuditOutcomes.Success, HttpContext.ToAuditActor()));
        return Page();
    }
}
