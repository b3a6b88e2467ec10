using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>
/// After the first second factor is set up (a passkey, from the enrolment page), the account gets its
/// recovery codes here, once: an account that already has codes is sent to security settings instead.
/// </summary>
public sealed class RecoveryCodesShownModel(RecoveryCodes recoveryCodes, IAuditLog audit) : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string ContinueUrl => SignInMessages.SafeReturnUrl(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await recoveryCodes.RemainingAsync(User.UserId()) > 0)
            return Redirect("/account/security");
        Codes = await recoveryCodes.RegenerateAsync(User.UserId());
        await audit.WriteAsync(new AuditRecord(AuditActions.RecoveryCodesGenerated, AuditOutcomes.Success, HttpContext.ToAuditActor()));
        return Page();
    }
}
