using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Security;

namespace Portal.Web.Features.Account;

/// <summary>
/// "Enter your email" pages (forgot password, create an account): every address gets the same
/// answer at the same speed; the work happens afterwards in <see cref="AccountRequestProcessor"/>.
/// </summary>
public abstract class EmailRequestModel(AccountRequestQueue queue, AttemptThrottle throttle, AccountRequestKind kind) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your email address."), EmailAddress(ErrorMessage = "Enter a valid email address."), MaxLength(256)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public IActionResult OnPost()
    {
        if (this.IsOverLimit(throttle, kind.ToString(), Email))
        {
            Error = SignInMessages.Throttled;
            return Page();
        }
        if (!ModelState.IsValid)
        {
            Error = ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage;
            return Page();
        }
        queue.Enqueue(new AccountRequest(kind, Email.Trim(), HttpContext.Connection.RemoteIpAddress?.ToString()));
        Sent = true;
        return Page();
    }
}
