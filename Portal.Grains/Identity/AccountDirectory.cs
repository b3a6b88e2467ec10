using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Grains.Identity;

public enum AccountStatus { Invited, Active, Deactivated }

/// <summary>A workforce account as admins see it: who, which role, in what state. Never clinical data.</summary>
public sealed record AccountListing(Guid Id, string Email, string DisplayName, string Role, AccountStatus Status, DateTime CreatedUtc, DateTime? InvitedUtc, DateTime? DeactivatedUtc);

public sealed record AccountPage(IReadOnlyList<AccountListing> Items, int Total, int Page, int PageSize);

/// <summary>The organisation's staff, marketer and admin accounts, for the admin pages.</summary>
public interface IAccountDirectory
{
    Task<AccountPage> ListWorkforceAsync(int page, int pageSize, CancellationToken cancellationToken = default);
}

public sealed class AccountDirectory(IDbContextFactory<PortalDbContext> dbFactory, AccountEmails emails) : IAccountDirectory
{
    public const int MaxPageSize = 100;
    private static readonly string[] Workforce = [PortalRoles.Admin, PortalRoles.Staff, PortalRoles.Marketer];

    public async Task<AccountPage> ListWorkforceAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var accounts = from user in db.Users
                       join link in db.UserRoles on user.Id equals link.UserId
                       join role in db.Roles on link.RoleId equals role.Id
                       where Workforce.Contains(role.Name!)
                       select new { user.Id, user.Email, user.DisplayName, Role = role.Name!, user.CreatedUtc, user.InvitedUtc, user.DeactivatedUtc, Accepted = user.PasswordHash != null };
        var total = await accounts.CountAsync(cancellationToken);
        // Addresses are sealed, so the database orders by the name colleagues see.
        var rows = await accounts.OrderBy(a => a.DisplayName).ThenBy(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var items = new List<AccountListing>(rows.Count);
        foreach (var a in rows)
            items.Add(new AccountListing(a.Id, await emails.OpenAsync(a.Id, a.Email) ?? "", a.DisplayName, a.Role,
            a.DeactivatedUtc is not null ? AccountStatus.Deactivated : a.Accepted ? AccountStatus.Active : AccountStatus.Invited,
            a.CreatedUtc, a.InvitedUtc, a.DeactivatedUtc));
        return new AccountPage(items, total, page, pageSize);
    }
}
