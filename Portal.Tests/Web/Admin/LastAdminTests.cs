using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Identity;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Web.Security;

namespace Portal.Tests.Web.Admin;

/// <summary>An organisation always keeps an admin who can sign in. Each test has a portal of its own, so the admins
/// it counts are only its own.</summary>
public sealed class LastAdminTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    private async Task<AdministrationResult> AsAdminAsync(Func<AccountAdministration, Task<AdministrationResult>> change)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<AccountAdministration>());
    }

    private static AuditActor Actor(ProvisionedAccount admin) => new(admin.Id, PortalRoles.Admin, "127.0.0.1");

    private async Task<int> ActiveAdminsAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().GetUsersInRoleAsync(PortalRoles.Admin)).Count(AccountAdministration.CanSignIn);
    }

    [Fact]
    public async Task The_only_admin_cannot_be_made_staff_or_deactivated()
    {
        var only = await _portal.CreateAccountAsync(PortalRoles.Admin);
        var other = await _portal.CreateAccountAsync(PortalRoles.Staff);

        var demoted = await AsAdminAsync(a => a.ChangeRoleAsync(only.Id, PortalRoles.Staff, Actor(only)));
        Assert.Equal(AccountAdministration.LastAdmin, demoted.Error);
        var deactivated = await AsAdminAsync(a => a.DeactivateAsync(only.Id, Actor(new ProvisionedAccount(other.Id, other.Email, "", null))));
        Assert.Equal(AccountAdministration.LastAdmin, deactivated.Error);
        Assert.Equal(1, await ActiveAdminsAsync());

        // With a second admin who has not yet accepted an invitation, the first is still the only one who can sign in.
        await AsAdminAsync(a => a.InviteAsync("second-admin@clinic.example", "Second", PortalRoles.Admin, Actor(only)));
        Assert.Equal(AccountAdministration.LastAdmin, (await AsAdminAsync(a => a.ChangeRoleAsync(only.Id, PortalRoles.Staff, Actor(only)))).Error);
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(only.Id.ToString()))!, PortalRoles.Admin));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_the_same_moment_leave_one_admin()
    {
        for (var round = 0; round < 5; round++)
        {
            var a = await _portal.CreateAccountAsync(PortalRoles.Admin);
            var b = await _portal.CreateAccountAsync(PortalRoles.Admin);
            // Every admin but these two steps down first, so the pair are the last two.
            foreach (var other in await AdminsAsync())
                if (other != a.Id && other != b.Id)
                    Assert.True((await AsAdminAsync(x => x.ChangeRoleAsync(other, PortalRoles.Staff, Actor(a)))).Succeeded);
            Assert.Equal(2, await ActiveAdminsAsync());

            var results = await Task.WhenAll(
                Task.Run(() => AsAdminAsync(x => x.ChangeRoleAsync(b.Id, PortalRoles.Staff, Actor(a)))),
                Task.Run(() => AsAdminAsync(x => x.ChangeRoleAsync(a.Id, PortalRoles.Staff, Actor(b)))));
            Assert.Equal(1, await ActiveAdminsAsync());
            Assert.Single(results, r => r.Succeeded);
            Assert.Contains(results.Single(r => !r.Succeeded).Error, new[] { AccountAdministration.LastAdmin, AccountAdministration.ChangedMeanwhile });
        }
    }

    private async Task<List<Guid>> AdminsAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return [.. (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Id)];
    }
}
