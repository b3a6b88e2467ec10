using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Features.Dev;

/// <summary>Development mail capture: what the portal would have sent. Exists only in the Development environment.</summary>
[AllowAnonymous]
public sealed class MailModel(DevelopmentMailbox mailbox, IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<DevelopmentMailbox.Summary> Messages { get; private set; } = [];
    public DevelopmentMailbox.Detail? Selected { get; private set; }

    public IActionResult OnGet(string? name)
    {
        if (!environment.IsDevelopment() || !mailbox.IsEnabled)
            return NotFound();
        if (name is not null)
        {
            Selected = mailbox.Find(name);
            return Selected is null ? NotFound() : Page();
        }
        Messages = mailbox.List();
        return Page();
    }

    /// <summary>The HTML part as a mail client would show it: its styles and https images, nothing that runs.</summary>
    public IActionResult OnGetHtml(string? name)
    {
        if (!environment.IsDevelopment() || !mailbox.IsEnabled || name is null || mailbox.Find(name) is not { Html: { } html })
            return NotFound();
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox allow-popups allow-popups-to-escape-sandbox";
        return Content(html, "text/html; charset=utf-8");
    }
}
