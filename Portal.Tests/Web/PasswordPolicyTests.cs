using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;
using Portal.Data.Identity;

namespace Portal.Tests.Web;

/// <summary>NIST 800-63B: length without composition rules, and no common or guessable passwords.</summary>
[Collection(PortalCollection.Name)]
public sealed class PasswordPolicyTests(PortalFactory portal)
{
    private async Task<IdentityResult> TryAsync(string password)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { DisplayName = "" };
        await scope.ServiceProvider.GetRequiredService<Portal.Grains.Identity.AccountEmails>().AssignAsync(user, "jordan.lee@example.test");
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded) return result;
        }
        return IdentityResult.Success;
    }

    [Theory]
    [InlineData("Xq7!pLm2#vR")]                 // 11 characters: too short however complex
    [InlineData("passwordpassword")]            // common and repetitive
    [InlineData("123456789012")]                // a sequence
    [InlineData("aaaaaaaaaaaaaaaa")]            // a repeat
    [InlineData("qwertyuiopasdfgh")]            // a keyboard walk
    [InlineData("jordan.lee.2024")]             // built from the account's own address
    [InlineData("iloveyou12345")]               // common phrase
    public async Task Weak_passwords_are_refused_with_a_reason(string password)
    {
        var result = await TryAsync(password);
        Assert.False(result.Succeeded);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Description)));
    }

    [Fact]
    public async Task Passwords_longer_than_128_characters_are_refused() =>
        Assert.Contains((await TryAsync(new string('x', 60) + "Unrelated words here " + new string('y', 60))).Errors, e => e.Code == "PasswordTooLong");

    [Theory]
    [InlineData("correct horse battery staple")]   // no digit, no capital, no symbol: fine
    [InlineData("marmalade tugboat violin quarry")]
    [InlineData("ein langer Satz über Berge und Täler, der niemandem einfällt 42 mal")] // 64+ characters, non-ASCII
    public async Task Long_unguessable_passwords_need_no_composition_rules(string password) =>
        Assert.True((await TryAsync(password)).Succeeded);
}
