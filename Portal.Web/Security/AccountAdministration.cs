using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Grains;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;

namespace Portal.Web.Security;

/// <summary>What an administrative change did: done, or refused with a reason to show.</summary>
public sealed record AdministrationResult(bool Succeeded, string? Error = null, Guid? AccountId = null)
{
    public static AdministrationResult Refused(string error) => new(false, error);
}

/// <summary>
/// Admins' changes to workforce accounts (staff, marketers, admins): invite, change role, deactivate, reactivate.
/// Each is audited and told to the account by mail (no PHI). A role change or deactivation ends the account's
/// sessions at once. The organisation always keeps an admin who can sign in: changes that could remove one take the
/// Admin role's concurrency stamp in their transaction, so two admins demoting each other cannot both succeed.
/// </summary>
public sealed class AccountAdministration(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    AccountEmails emails,
    IIdentityTransactions transactions,
    ISessionStore sessions,
    OutboxWriter outbox,
    IAuditLog audit,
    PortalLinks links,
    TimeProvider clock)
{
    public static readonly string[] WorkforceRoles = [PortalRoles.Staff, PortalRoles.Marketer, PortalRoles.Admin];

    public const string LastAdmin = "The organisation needs at least one admin who can sign in: make another account an admin first.";
    public const string ChangedMeanwhile = "Another change to admin accounts was made at the same moment. Nothing was changed: please try again.";

    /// <summary>Creates the account with its role and no password, and (unless <paramref name="sendMail"/> is false) mails the one-time link.</summary>
    public async Task<AdministrationResult> InviteAsync(string? email, string? displayName, string? role, AuditActor actor, bool sendMail = true)
    {
        email = email?.Trim() ?? "";
        displayName = displayName?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !new EmailAddressAttribute().IsValid(email) || email.Any(char.IsControl))
            return AdministrationResult.Refused("Enter a valid email address.");
        if (displayName.Length is 0 or > 200 || displayName.Any(char.IsControl))
            return AdministrationResult.Refused("Enter the person's name (up to 200 characters).");
        if (role is null || !WorkforceRoles.Contains(role))
            return AdministrationResult.Refused("Choose a role: staff, marketer or admin.");
        if (await users.FindByEmailAsync(email) is not null)
            return AdministrationResult.Refused("An account with that email address already exists.");

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new PortalUser { Id = Guid.CreateVersion7(), DisplayName = displayName, CreatedUtc = now, InvitedUtc = now };
        await emails.AssignAsync(user, email);
        await using (var transaction = await transactions.BeginAsync())
        {
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
                return AdministrationResult.Refused(string.Join(" ", created.Errors.Select(e => e.Description)));
            if (!(await users.AddToRoleAsync(user, role)).Succeeded)
                return AdministrationResult.Refused("The account could not be given its role. Nothing was created.");
            await transaction.CommitAsync();
        }
        if (sendMail)
            await outbox.EnqueueAsync(OutboxKind.AccountInvitation, user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountInvited, AuditOutcomes.Success, actor, TargetId: $"{user.Id}:{role}"));
        return new AdministrationResult(true, AccountId: user.Id);
    }

    /// <summary>The invitation link of a pending account, absolute, for the console to print (the mail makes its own).</summary>
    public async Task<string> InvitationLinkAsync(Guid accountId)
    {
        var user = await users.FindByIdAsync(accountId.ToString()) ?? throw new InvalidOperationException("No such account.");
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        return links.Absolute(links.AcceptInvitationPath(user.Id, token));
    }

    /// <summary>Sends a pending invitation again with a new link; earlier links stop working.</summary>
    public async Task<AdministrationResult> ResendInvitationAsync(Guid accountId, AuditActor actor)
    {
        var user = await users.FindByIdAsync(accountId.ToString());
        if (user is null || !IsPendingInvitation(user))
            return AdministrationResult.Refused("That account has no pending invitation.");
        user.InvitedUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await outbox.EnqueueAsync(OutboxKind.AccountInvitation, user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountInvited, AuditOutcomes.Success, actor, TargetId: $"{user.Id}:resent"));
        return new AdministrationResult(true, AccountId: user.Id);
    }

    public async Task<AdministrationResult> ChangeRoleAsync(Guid accountId, string? role, AuditActor actor)
    {
        if (role is null || !WorkforceRoles.Contains(role))
            return AdministrationResult.Refused("Choose a role: staff, marketer or admin.");
        var (user, current) = await WorkforceAccountAsync(accountId);
        if (user is null || current is null)
            return AdministrationResult.Refused("No staff, marketer or admin account has that id.");
        if (current == role)
            return new AdministrationResult(true, AccountId: user.Id);

        var refused = await ChangeKeepingAnAdminAsync(current == PortalRoles.Admin, async () =>
        {
            if (!(await users.RemoveFromRoleAsync(user, current)).Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
                return "The role could not be changed. Nothing was changed.";
            return null;
        });
        if (refused is not null)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.AccountRoleChanged, AuditOutcomes.Denied, actor, TargetId: $"{user.Id}:{current}->{role}"));
            return AdministrationResult.Refused(refused);
        }
        await EndSessionsAsync(user, "role-changed");
        await outbox.EnqueueAsync(OutboxKind.RoleChanged, user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountRoleChanged, AuditOutcomes.Success, actor, TargetId: $"{user.Id}:{current}->{role}"));
        return new AdministrationResult(true, AccountId: user.Id);
    }

    public async Task<AdministrationResult> DeactivateAsync(Guid accountId, AuditActor actor)
    {
        if (accountId == actor.UserId)
            return AdministrationResult.Refused("You cannot deactivate your own account.");
        var (user, current) = await WorkforceAccountAsync(accountId);
        if (user is null || current is null)
            return AdministrationResult.Refused("No staff, marketer or admin account has that id.");
        if (user.DeactivatedUtc is not null)
            return new AdministrationResult(true, AccountId: user.Id);

        var refused = await ChangeKeepingAnAdminAsync(current == PortalRoles.Admin, async () =>
        {
            user.DeactivatedUtc = clock.GetUtcNow().UtcDateTime;
            return (await users.UpdateAsync(user)).Succeeded ? null : "The account could not be deactivated.";
        });
        if (refused is not null)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.AccountDeactivated, AuditOutcomes.Denied, actor, TargetId: user.Id.ToString()));
            return AdministrationResult.Refused(refused);
        }
        await EndSessionsAsync(user, "deactivated");
        await outbox.EnqueueAsync(OutboxKind.AccountDeactivated, user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountDeactivated, AuditOutcomes.Success, actor, TargetId: user.Id.ToString()));
        return new AdministrationResult(true, AccountId: user.Id);
    }

    public async Task<AdministrationResult> ReactivateAsync(Guid accountId, AuditActor actor)
    {
        var (user, current) = await WorkforceAccountAsync(accountId);
        if (user is null || current is null)
            return AdministrationResult.Refused("No staff, marketer or admin account has that id.");
        if (user.DeactivatedUtc is null)
            return new AdministrationResult(true, AccountId: user.Id);
        user.DeactivatedUtc = null;
        await users.UpdateAsync(user);
        await outbox.EnqueueAsync(OutboxKind.AccountReactivated, user.Id);
        await audit.WriteAsync(new AuditRecord(AuditActions.AccountReactivated, AuditOutcomes.Success, actor, TargetId: user.Id.ToString()));
        return new AdministrationResult(true, AccountId: user.Id);
    }

    /// <summary>Not deactivated, and the invitation (if any) accepted: the account has a password.</summary>
    public static bool CanSignIn(PortalUser user) => user.DeactivatedUtc is null && user.PasswordHash is not null;

    public static bool IsPendingInvitation(PortalUser user) => user.InvitedUtc is not null && user.PasswordHash is null && !user.EmailConfirmed;

    private async Task<(PortalUser? User, string? Role)> WorkforceAccountAsync(Guid accountId)
    {
        var user = await users.FindByIdAsync(accountId.ToString());
        if (user is null) return (null, null);
        var role = (await users.GetRolesAsync(user)).FirstOrDefault(WorkforceRoles.Contains);
        return (user, role);
    }

    // Runs the change in a transaction; when it could take away an admin, the Admin role's concurrency stamp is
    // taken first (a second such change waits on it and then fails) and the change is undone if no admin who can
    // sign in would remain.
    private async Task<string?> ChangeKeepingAnAdminAsync(bool mayRemoveAnAdmin, Func<Task<string?>> change)
    {
        await using var transaction = await transactions.BeginAsync();
        if (mayRemoveAnAdmin)
        {
            var adminRole = await roles.FindByNameAsync(PortalRoles.Admin) ?? throw new InvalidOperationException("The Admin role is missing.");
            if (!(await roles.UpdateAsync(adminRole)).Succeeded)
                return ChangedMeanwhile;
        }
        if (await change() is { } refused)
            return refused;
        if (mayRemoveAnAdmin && !(await users.GetUsersInRoleAsync(PortalRoles.Admin)).Any(CanSignIn))
            return LastAdmin;
        await transaction.CommitAsync();
        return null;
    }

    private async Task EndSessionsAsync(PortalUser user, string reason)
    {
        // A new stamp too, so a cookie issued before the change cannot be renewed into a session of the new role.
        await users.UpdateSecurityStampAsync(user);
        await sessions.RevokeOthersAsync(user.Id, keep: null, reason);
    }
}
