using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Web.Security;

namespace Portal.Tests.Web.Admin;

/// <summary>Self-registrations never finished and invitations never accepted are removed once their time is up;
/// finished accounts, patients' records and what is still within its time stay.</summary>
[Collection(PortalCollection.Name)]
public sealed class UnfinishedAccountTests(PortalFactory portal)
{
    [Fact]
    public async Task Unfinished_registrations_and_invitations_are_removed_when_due_and_nothing_else()
    {
        var registrant = $"registrant-{Guid.NewGuid():N}@example.org";
        using (var stranger = portal.NewClient())
            await stranger.PostFormAsync("/account/register", new Dictionary<string, string> { ["Email"] = registrant });
        await DeliveryDb.EventuallyAsync(async () => await portal.AccountByEmailAsync(registrant) is not null, what: "the pending registration");
        var invitee = $"invitee-{Guid.NewGuid():N}@clinic.example";
        Guid inviteeId;
        await using (var scope = portal.Services.CreateAsyncScope())
            inviteeId = (await scope.ServiceProvider.GetRequiredService<AccountAdministration>().InviteAsync(invitee, "Ian", PortalRoles.Staff, AuditActor.System, sendMail: false)).AccountId!.Value;
        var finished = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync();

        // Half a day on, the registration (1 day) and the invitation (7 days) are both within their time, and so is
        // every other test's pending account.
        Assert.Equal(0, await Sweeper(TimeSpan.FromHours(12)).SweepAsync(CancellationToken.None));

        await Sweeper(TimeSpan.FromHours(36)).SweepAsync(CancellationToken.None);
        Assert.Null(await portal.AccountByEmailAsync(registrant));
        Assert.True(await portal.QueryAsync(db => db.Users.AnyAsync(u => u.Id == inviteeId)));

        await Sweeper(TimeSpan.FromDays(8)).SweepAsync(CancellationToken.None);
        Assert.False(await portal.QueryAsync(db => db.Users.AnyAsync(u => u.Id == inviteeId)));
        Assert.False(await portal.QueryAsync(db => db.UserRoles.AnyAsync(r => r.UserId == inviteeId)));
        Assert.True(await portal.QueryAsync(db => db.Users.AnyAsync(u => u.Id == finished.Id)));
        Assert.True(await portal.QueryAsync(db => db.Users.AnyAsync(u => u.Id == patient.Id)));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccountExpired && e.TargetId == $"{inviteeId}:invitation")));
    }

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    /// <summary>The sweeper as it would run <paramref name="later"/> from now.</summary>
    private UnfinishedAccountSweeper Sweeper(TimeSpan later) => new(
        portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
        portal.Services.GetRequiredService<IAuditLog>(),
        Options.Create(new AccountLifetimeOptions()),
        new Later(later),
        NullLogger<UnfinishedAccountSweeper>.Instance);
}
