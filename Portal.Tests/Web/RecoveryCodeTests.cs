using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Tests.Infrastructure;
using Portal.Web.Features.Account;
using Portal.Data;

namespace Portal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed partial class RecoveryCodeTests(PortalFactory portal)
{
    [GeneratedRegex(@"<li><code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</code></li>")]
    private static partial Regex CodePattern();

    private static async Task<List<string>> GenerateAsync(PortalClient client)
    {
        var response = await client.PostFormAsync("/account/security?handler=RecoveryCodes", new Dictionary<string, string>(), tokenPage: "/account/security");
        var codes = CodePattern().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        return codes;
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_is_audited_and_the_owner_is_told()
    {
        var patient = await portal.CreatePatientAsync();
        using var setup = portal.NewClient();
        await setup.SignInAsync(patient);
        var codes = await GenerateAsync(setup);

        // Shown once: the page does not show them again, and the database holds only hashes.
        Assert.DoesNotContain(codes[0], await setup.GetPageAsync("/account/security"));
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.RecoveryCodes.Where(c => c.UserId == patient.Id).Select(c => c.CodeHash).ToListAsync();
            Assert.Equal(10, stored.Count);
            Assert.All(codes, code => Assert.DoesNotContain(stored, h => h.Contains(code.Replace("-", ""), StringComparison.OrdinalIgnoreCase)));
        }

        using var lostPhone = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await lostPhone.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);
        var used = await lostPhone.PostFormAsync("/account/login-recovery", new Dictionary<string, string> { ["Code"] = codes[3].ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("/messages")).StatusCode);

        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "A recovery code was used on your account");
        Assert.Contains("cannot be used again", notice.TextBody);

        // The same code a second time: refused with the generic answer.
        using var thief = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await thief.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);
        var again = await thief.PostFormAsync("/account/login-recovery", new Dictionary<string, string> { ["Code"] = codes[3] });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SignInMessages.Generic), await again.Content.ReadAsStringAsync());

        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(9, await check.RecoveryCodes.CountAsync(c => c.UserId == patient.Id && c.UsedUtc == null));
        Assert.True(await check.AuditEntries.AnyAsync(e => e.ActorId == patient.Id && e.Action == AuditActions.RecoveryCodeUsed && e.Outcome == AuditOutcomes.Success));
        Assert.True(await check.AuditEntries.AnyAsync(e => e.ActorId == patient.Id && e.Action == AuditActions.RecoveryCodeUsed && e.Outcome == AuditOutcomes.Failure));
    }

    [Fact]
    public async Task New_codes_replace_the_old_ones_and_sign_out_other_sessions()
    {
        var patient = await portal.CreatePatientAsync();
        using var laptop = portal.NewClient();
        using var phone = portal.NewClient();
        await laptop.SignInAsync(patient);
        await phone.SignInAsync(patient);
        var first = await GenerateAsync(laptop);
        await GenerateAsync(laptop);

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/messages")).StatusCode);
        using var client = portal.NewClient();
        await client.SubmitPasswordAsync(patient.Email, patient.Password);
        var old = await client.PostFormAsync("/account/login-recovery", new Dictionary<string, string> { ["Code"] = first[0] });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }
}

[Collection(PortalCollection.Name)]
public sealed class NewSignInNoticeTests(PortalFactory portal)
{
    private int NoticesTo(string email) =>
        portal.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "New sign-in to your account");

    [Fact]
    public async Task A_sign_in_from_an_unseen_browser_is_notified_and_a_known_one_is_not()
    {
        var patient = await portal.CreatePatientAsync();
        using var usual = portal.NewClient();
        await usual.SignInAsync(patient);
        await usual.SignInAsync(patient); // same browser, same address
        await Task.Delay(1500);
        Assert.Equal(0, NoticesTo(patient.Email));

        using var unknownBrowser = portal.NewClient();
        await unknownBrowser.SignInAsync(patient);
        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "New sign-in to your account");
        Assert.Contains("has not used before", notice.TextBody);
        Assert.DoesNotContain(PortalFactory.ClientAddress.ToString(), notice.TextBody);
    }

    [Fact]
    public async Task A_known_browser_from_a_new_address_is_notified()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        client.Http.DefaultRequestHeaders.Add(PortalFactory.ClientAddressHeader, "198.51.100.77");
        await client.SignInAsync(patient);
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "New sign-in to your account");
    }

    [Fact]
    public async Task A_password_change_is_notified()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        await client.PostFormAsync("/account/security?handler=ChangePassword", new Dictionary<string, string>
        {
            ["Password.Current"] = patient.Password,
            ["Password.New"] = "another long passphrase for the test",
        }, tokenPage: "/account/security");
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "Your password was changed");
    }
}
