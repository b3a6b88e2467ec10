using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Encryption;

namespace Portal.Web.Features.Admin;

/// <summary>Where a key-encryption key rotation stands, with a way to re-wrap now instead of waiting a minute.</summary>
[Portal.Web.Security.RequireRecentSecondFactor]
public sealed class KeysModel(KekRotation rotation) : PageModel
{
    public KekRotationStatus Status { get; private set; } = null!;
    public int? Moved { get; private set; }

    public async Task OnGetAsync() => Status = await rotation.StatusAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        Moved = await rotation.RunAsync(HttpContext.RequestAborted);
        Status = await rotation.StatusAsync(HttpContext.RequestAborted);
        return Page();
    }
}
