using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Finishing a registration either completes the account or changes nothing that would spend the link.</summary>
public sealed class RegistrationCompletionTests : IAsyncLifetime
{
    // A store failure after the address is confirmed, as a full disk or a killed process would cause.
    private static volatile bool s_failOnceConfirmed;
    private readonly PortalFactory _portal = PortalFactory.WithServices(services => services.AddScoped<IUserValidator<PortalUser>, FailingOnceConfirmed>());

    public Task InitializeAsync() => _portal.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task A_failure_half_way_leaves_the_account_unconfirmed_and_the_same_link_finishes_it()
    {
        var email = $"half-{Guid.NewGuid():N}@example.test";
        using var client = _portal.NewClient();
        await client.PostFormAsync("/account/register", new Dictionary<string, string> { ["Email"] = email });
        var mail = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Finish creating your account");
        var link = new Uri(Regex.Match(mail.TextBody ?? "", @"https://portal\.test/\S+").Value).PathAndQuery;
        var form = new Dictionary<string, string> { ["FullName"] = "Robin Halfway", ["Password"] = "saffron meadow kettle orbit" };

        s_failOnceConfirmed = true;
        var failed = await client.PostFormAsync(link, form);
        Assert.NotEqual(HttpStatusCode.OK, failed.StatusCode);
        await using (var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var user = (await _portal.AccountByEmailAsync(email))!;
            Assert.False(user.EmailConfirmed);
            Assert.Null(user.PasswordHash);
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == user.Id));
        }

        s_failOnceConfirmed = false;
        var done = await client.PostFormAsync(link, form);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Your account is ready", await done.Content.ReadAsStringAsync());
        Assert.StartsWith("/account/enrol-totp", (await client.SubmitPasswordAsync(email, form["Password"])).Headers.Location!.OriginalString);
    }

    private sealed class FailingOnceConfirmed : IUserValidator<PortalUser>
    {
        public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user) =>
            Task.FromResult(s_failOnceConfirmed && user.EmailConfirmed && user.PasswordHash is not null
                ? IdentityResult.Failed(new IdentityError { Code = "StoreFailure", Description = "The store failed." })
                : IdentityResult.Success);
    }
}
