using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>
/// Pages opened from an emailed one-time link (<c>?user={id}&amp;token=…</c>): the account is named by its
/// opaque id only, attempts are limited per account, and failures answer 422 with a reason.
/// </summary>
public abstract class EmailedLinkModel(AttemptThrottle throttle, string action) : PageModel
{
    public const string InvalidLink = "This link is not valid or has expired. Ask for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")] public Guid AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    public string? Error { get; private set; }
    public bool Done { get; protected set; }

    public virtual Task OnGetAsync() => Task.CompletedTask;

    /// <summary>True (with the page's error set) when this account's link has been tried too often.</summary>
    protected bool IsThrottled()
    {
        if (!this.IsOverLimit(throttle, action, AccountId.ToString()))
            return false;
        Error = SignInMessages.Throttled;
        return true;
    }

    protected PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
