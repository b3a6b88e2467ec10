using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>
/// Whoever holds only the password, before or after the owner enrols, must not keep a way in: the
/// enrolment page and passkey registration serve only an account with no second factor yet, and the
/// first enrolment ends every other session.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class EnrolmentTests(PortalFactory portal)
{

    private static SoftwareAuthenticator NewAuthenticator() => new("portal.test", PortalFactory.PortalBaseUrl);

    private async Task<(ProvisionedAccount Account, PortalClient Owner, PortalClient Other)> TwoPasswordOnlyBrowsersAsync()
    {
        var account = await portal.CreateAccountAsync(PortalRoles.Patient, enrolTotp: false);
        var owner = portal.NewClient();
        var other = portal.NewClient();
        foreach (var browser in new[] { owner, other })
            Assert.StartsWith("/account/enrol-totp", (await browser.SubmitPasswordAsync(account.Email, account.Password)).Headers.Location!.OriginalString);
        return (account, owner, other);
    }

    /// <summary>The other browser gets no secret, no session and no passkey options.</summary>
    private static async Task AssertLockedOutAsync(PortalClient other, string? key)
    {
        var reload = await other.GetAsync("/account/enrol-totp");
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);
        Assert.Contains("/account/login", reload.Headers.Location!.OriginalString);
        if (key is not null)
        {
            Assert.DoesNotContain(key[..8], await reload.Content.ReadAsStringAsync());
            // Posting a code made from the owner's live secret does not sign it in either.
            var page = await other.Http.GetAsync("/account/login");
            var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            await other.Http.PostAsync("/account/enrol-totp", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = await TotpCodes.FreshAsync(key),
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }));
        }
        Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync("/messages")).StatusCode);
        var options = await other.Http.PostAsync("/account/passkeys/register/options", null);
        Assert.NotEqual(HttpStatusCode.OK, options.StatusCode);
    }

    [Fact]
    public async Task After_the_owner_enrols_an_app_a_second_password_only_browser_gets_neither_the_secret_nor_a_passkey()
    {
        var (account, owner, other) = await TwoPasswordOnlyBrowsersAsync();
        using (owner)
        using (other)
        {
            var key = await owner.EnrolTotpAsync();
            await AssertLockedOutAsync(other, key);
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/messages")).StatusCode);

            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserId == account.Id && s.RevokedUtc == null));
            Assert.False(await db.PasskeyCredentials.AnyAsync(p => p.UserId == account.Id));
            await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == account.Email) && m.Subject == "Your sign-in methods changed");
        }
    }

    [Fact]
    public async Task After_the_owner_registers_a_passkey_a_second_password_only_browser_cannot_enrol_an_app()
    {
        var (account, owner, other) = await TwoPasswordOnlyBrowsersAsync();
        using (owner)
        using (other)
        {
            var secretSeenEarlier = PortalClient.TotpSecretOn(await other.GetPageAsync("/account/enrol-totp"));
            var response = await owner.PostJsonAsync("/account/passkeys/register/options", null, "/account/enrol-totp");
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var registered = await owner.PostJsonAsync("/account/passkeys/register",
                new { challengeId = json.GetProperty("challengeId").GetGuid(), name = "Phone", credential = NewAuthenticator().Create(json.GetProperty("options")) }, "/account/enrol-totp");
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

            await AssertLockedOutAsync(other, secretSeenEarlier);
            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            Assert.Equal(1, await db.PasskeyCredentials.CountAsync(p => p.UserId == account.Id));
            Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserId == account.Id && s.RevokedUtc == null));
        }
    }

    [Fact]
    public async Task A_password_only_session_of_an_enrolled_account_is_refused_even_if_it_was_never_revoked()
    {
        var (account, owner, other) = await TwoPasswordOnlyBrowsersAsync();
        using (owner)
        using (other)
        {
            // The other browser holds the enrolment page (its secret and anti-forgery token) from before the owner enrolled.
            var page = await other.GetPageAsync("/account/enrol-totp");
            var key = PortalClient.TotpSecretOn(page);
            await owner.EnrolTotpAsync();

            // The gate holds on its own, not only through the revocation at enrolment.
            var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            async Task ReviveOtherSessionAsync()
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                var latest = await db.UserSessions.Where(s => s.UserId == account.Id && s.SecondFactorUtc == null)
                    .OrderByDescending(s => s.CreatedUtc).Select(s => s.Id).FirstAsync();
                await db.UserSessions.Where(s => s.Id == latest)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedUtc, (DateTime?)null).SetProperty(x => x.RevokedReason, (string?)null));
            }

            await ReviveOtherSessionAsync();
            var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/passkeys/register/options") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
            request.Headers.Add("RequestVerificationToken", token);
            var refused = await other.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain("challengeId", await refused.Content.ReadAsStringAsync());

            // The refusal ended that session and its cookie: the browser is back at sign-in.
            await AssertLockedOutAsync(other, key);

            await using var check = await dbFactory.CreateDbContextAsync();
            Assert.False(await check.UserSessions.AnyAsync(s => s.UserId == account.Id && s.SecondFactorUtc == null && s.RevokedUtc == null));
            Assert.True(await check.AuditEntries.AnyAsync(e => e.ActorId == account.Id && e.Action == AuditActions.PasskeyRegistered && e.Outcome == AuditOutcomes.Denied));
        }
    }

    [Fact]
    public async Task New_recovery_codes_need_a_fresh_second_factor_even_when_none_remain()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        await client.PostFormAsync("/account/security?handler=RecoveryCodes", new Dictionary<string, string>(), tokenPage: "/account/security");

        var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.RecoveryCodes.Where(c => c.UserId == patient.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, DateTime.UtcNow));
            await db.UserSessions.Where(s => s.UserId == patient.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorUtc, DateTime.UtcNow.AddMinutes(-10)));
        }

        var stale = await client.GetAsync("/account/recovery-codes");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/step-up", stale.Headers.Location!.OriginalString);

        // Fresh again: the page still mints none for an account that was given codes; security settings do, notified.
        await client.PostFormAsync("/account/step-up", new Dictionary<string, string> { ["Code"] = await TotpCodes.FreshAsync(patient.TotpSecret!), ["ReturnUrl"] = "/" });
        var fresh = await client.GetAsync("/account/recovery-codes");
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.Equal("/account/security", fresh.Headers.Location!.OriginalString);

        await using var check = await dbFactory.CreateDbContextAsync();
        Assert.Equal(0, await check.RecoveryCodes.CountAsync(c => c.UserId == patient.Id && c.UsedUtc == null));
    }
}
