using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Audit;
using Portal.Web.Security;

namespace Portal.Web.Features.Admin;

/// <summary>Checks the audit chain and its signed checkpoints on demand, and signs a checkpoint of the chain as it is now.
/// The same check as <c>Portal.Web audit verify</c>; each run is itself audited.</summary>
[RequireRecentSecondFactor]
public sealed class AuditVerifyModel(AuditVerifier verifier, AuditCheckpoints checkpoints, AuditSigningKey key, IAuditLog audit) : PageModel
{
    public AuditVerification? Result { get; private set; }
    public string PublicKeyPem => key.PublicKeyPem;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        // A checkpoint first, so what is verified now stays verifiable against a signature later.
        await checkpoints.CheckpointAsync(HttpContext.RequestAborted);
        Result = await verifier.VerifyAsync(cancellationToken: HttpContext.RequestAborted);
        await audit.WriteAsync(new AuditRecord(AuditActions.AuditVerified, Result.Intact ? AuditOutcomes.Success : AuditOutcomes.Failure,
            HttpContext.ToAuditActor(), TargetId: Result.BrokenAt?.ToString()));
        if (!Result.Intact) Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
