using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Grains.Identity;
using Portal.Web.Security;

namespace Portal.Web.Features.Admin;

/// <summary>Admins create, rotate and revoke the keys other systems call the API with. A new key is shown once.</summary>
[RequireRecentSecondFactor]
public sealed class ApiKeysModel(Portal.Grains.Identity.ApiKeys keys, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ApiKeyListing> Keys { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string DisplayName)> Accounts { get; private set; } = [];
    public DateTime Now { get; private set; }
    public IssuedApiKey? Issued { get; private set; }
    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];
    [BindProperty] public Guid ActsFor { get; set; }
    [BindProperty] public int LifetimeDays { get; set; } = 365;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync() =>
        await IssuedAsync(await keys.CreateAsync(Name, Scopes, ActsFor, LifetimeDays, HttpContext.ToAuditActor(), HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostRotateAsync(Guid keyId) =>
        await IssuedAsync(await keys.RotateAsync(keyId, HttpContext.ToAuditActor(), HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId)
    {
        if (await keys.RevokeAsync(keyId, HttpContext.ToAuditActor(), HttpContext.RequestAborted)) Notice = "The key is revoked: calls with it are refused from now on.";
        else Refuse("That key is already revoked.");
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> IssuedAsync(ApiKeyResult result)
    {
        if (result.Key is { } key)
        {
            Issued = key;
            // The secret is on this page only: no cache, no autofill may keep it.
            Response.Headers.CacheControl = "no-store";
            ModelState.Clear();
            Name = null;
            Scopes = [];
        }
        else Refuse(result.Problem!);
        await LoadAsync();
        return Page();
    }

    private void Refuse(string problem)
    {
        Error = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        Keys = await keys.ListAsync(HttpContext.RequestAborted);
        Accounts = await keys.ActingAccountsAsync(HttpContext.RequestAborted);
    }
}
