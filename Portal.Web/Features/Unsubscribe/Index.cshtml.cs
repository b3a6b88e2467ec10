using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Delivery;

namespace Portal.Web.Features.Unsubscribe;

/// <summary>
/// The address in a marketing message's List-Unsubscribe header. GET shows a button (a link opened
/// by a mail scanner must not unsubscribe anyone); POST unsubscribes, whether it comes from that
/// button or from a mailbox provider's RFC 8058 one-click request.
/// </summary>
/// <remarks>
/// No anti-forgery token: RFC 8058 one-click POSTs come from the mailbox provider, which has none.
/// The signed token in the path is what authorises the request, and only its recipient has it; the
/// worst a replay can do is repeat the same recipient's own unsubscribe.
/// </remarks>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class IndexModel(IServiceProvider services) : PageModel
{
    public bool Done { get; private set; }
    public bool Invalid { get; private set; }

    public IActionResult OnGet(string token) =>
        services.GetService<Unsubscriber>() is { } unsubscriber && unsubscriber.IsGenuine(token) ? Page() : InvalidLink();

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (services.GetService<Unsubscriber>() is not { } unsubscriber || !await unsubscriber.UnsubscribeAsync(token, cancellationToken))
            return InvalidLink();
        Done = true;
        return Page();
    }

    // Answered here with a page: a bodiless 404 to a POST would be re-executed as a POST to the error page.
    private PageResult InvalidLink()
    {
        Invalid = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
