using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Web.Security;

namespace Portal.Web.Features.Admin;

/// <summary>Admins invite staff, marketers and admins, change their roles, and deactivate or reactivate them.</summary>
[RequireRecentSecondFactor]
public sealed class AccountsModel(AccountAdministration administration, IAccountDirectory directory, IAuditLog audit, IOptions<AccountLifetimeOptions> lifetimes) : PageModel
{
    public const int PageSize = 50;

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; } = PortalRoles.Staff;
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    public AccountPage Listing { get; private set; } = new([], 0, 1, PageSize);
    /// <summary>The signed-in admin, who is offered no way to deactivate themselves.</summary>
    public string? CurrentAccountId => User.FindFirstValue(ClaimTypes.NameIdentifier);
    public int PageCount => Math.Max(1, (Listing.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostInviteAsync() => ApplyAsync(
        administration.InviteAsync(Email, DisplayName, Role, HttpContext.ToAuditActor()),
        $"Invitation sent to {Email?.Trim()}. The link works for {AccountLifetimeOptions.Describe(lifetimes.Value.InvitationLifetime)}.", clearForm: true);

    public Task<IActionResult> OnPostResendAsync(Guid accountId) =>
        ApplyAsync(administration.ResendInvitationAsync(accountId, HttpContext.ToAuditActor()), "Invitation sent again; earlier links no longer work.");

    public Task<IActionResult> OnPostRoleAsync(Guid accountId, string? newRole) =>
        ApplyAsync(administration.ChangeRoleAsync(accountId, newRole, HttpContext.ToAuditActor()), "Role changed. The account was signed out everywhere.");

    public Task<IActionResult> OnPostDeactivateAsync(Guid accountId) =>
        ApplyAsync(administration.DeactivateAsync(accountId, HttpContext.ToAuditActor()), "Account deactivated and signed out everywhere.");

    public Task<IActionResult> OnPostReactivateAsync(Guid accountId) =>
        ApplyAsync(administration.ReactivateAsync(accountId, HttpContext.ToAuditActor()), "Account reactivated. It can sign in again.");

    private async Task<IActionResult> ApplyAsync(Task<AdministrationResult> change, string done, bool clearForm = false)
    {
        var result = await change;
        if (result.Succeeded)
        {
            Notice = done;
            if (clearForm) (Email, DisplayName, Role) = (null, null, PortalRoles.Staff);
        }
        else
        {
            Error = result.Error;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Listing = await directory.ListWorkforceAsync(PageNumber, PageSize, HttpContext.RequestAborted);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountsView, AuditOutcomes.Success, HttpContext.ToAuditActor(), TargetId: $"page:{Listing.Page}"));
    }

    public static string RoleName(string role) => role switch
    {
        PortalRoles.Staff => "Staff",
        PortalRoles.Marketer => "Marketer",
        PortalRoles.Admin => "Admin",
        _ => role,
    };
}
