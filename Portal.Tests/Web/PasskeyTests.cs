using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Passkeys answered by a software authenticator: the portal must check origin, challenge, user verification and counter.</summary>
[Collection(PortalCollection.Name)]
public sealed class PasskeyTests(PortalFactory portal)
{
    private static SoftwareAuthenticator NewAuthenticator() => new("portal.test", PortalFactory.PortalBaseUrl);

    private static async Task<(Guid ChallengeId, JsonElement Options)> OptionsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (json.GetProperty("challengeId").GetGuid(), json.GetProperty("options").Clone());
    }

    private async Task<(ProvisionedAccount Account, SoftwareAuthenticator Authenticator)> PatientWithPasskeyAsync()
    {
        var patient = await portal.CreatePatientAsync();
        var authenticator = NewAuthenticator();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var (challengeId, options) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/register/options", null, "/account/security"));
        Assert.Equal("required", options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        var registered = await client.PostJsonAsync("/account/passkeys/register",
            new { challengeId, name = "Test key", credential = authenticator.Create(options) }, "/account/security");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Contains("Test key", await client.GetPageAsync("/account/security"));
        return (patient, authenticator);
    }

    private static async Task<HttpResponseMessage> PasswordlessAsync(PortalClient client, SoftwareAuthenticator authenticator,
        Func<JsonElement, JsonObject>? answer = null, Guid? reuseChallenge = null)
    {
        var (challengeId, options) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/sign-in/options", null, "/account/login"));
        var credential = (answer ?? (o => authenticator.Assert(o)))(options);
        return await client.PostJsonAsync("/account/passkeys/sign-in", new { challengeId = reuseChallenge ?? challengeId, credential, returnUrl = "/messages" }, "/account/login");
    }

    [Fact]
    public async Task A_registered_passkey_signs_in_without_a_password()
    {
        var (patient, authenticator) = await PatientWithPasskeyAsync();
        using var client = portal.NewClient();
        var response = await PasswordlessAsync(client, authenticator);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/messages", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("redirect").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == patient.Id && e.Action == AuditActions.PasskeySignIn && e.Outcome == AuditOutcomes.Success));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == patient.Id && e.Action == AuditActions.PasskeyRegistered && e.Outcome == AuditOutcomes.Success));
        Assert.Equal(1, (await db.PasskeyCredentials.SingleAsync(p => p.UserId == patient.Id)).SignCount);
    }

    [Fact]
    public async Task A_cloned_authenticator_whose_counter_goes_back_is_refused_and_audited()
    {
        var (patient, authenticator) = await PatientWithPasskeyAsync();
        var clone = authenticator.Clone();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await PasswordlessAsync(client, authenticator)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PasswordlessAsync(client, authenticator)).StatusCode); // counter 2

        using var attacker = portal.NewClient();
        var cloned = await PasswordlessAsync(attacker, clone, o => clone.Assert(o, counter: 1));
        Assert.Equal(HttpStatusCode.BadRequest, cloned.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await attacker.GetAsync("/messages")).StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PasskeySignIn && e.Outcome == AuditOutcomes.SuspectedClone));
        Assert.Equal(2, (await db.PasskeyCredentials.SingleAsync(p => p.UserId == patient.Id)).SignCount);
    }

    [Fact]
    public async Task Wrong_origin_missing_user_verification_and_replayed_or_expired_challenges_are_refused()
    {
        var (_, authenticator) = await PatientWithPasskeyAsync();
        using var client = portal.NewClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await PasswordlessAsync(client, authenticator, o => authenticator.Assert(o, fromOrigin: "https://evil.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PasswordlessAsync(client, authenticator, o => authenticator.Assert(o, userVerified: false))).StatusCode);

        // A challenge works once.
        var (challengeId, options) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/sign-in/options", null, "/account/login"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/account/passkeys/sign-in", new { challengeId, credential = authenticator.Assert(options) }, "/account/login")).StatusCode);
        using var replay = portal.NewClient();
        var replayed = await replay.PostJsonAsync("/account/passkeys/sign-in", new { challengeId, credential = authenticator.Assert(options) }, "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("expired", await replayed.Content.ReadAsStringAsync());

        // And only for two minutes.
        var (stale, staleOptions) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/sign-in/options", null, "/account/login"));
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.PasskeyChallenges.Where(c => c.Id == stale).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresUtc, DateTime.UtcNow.AddSeconds(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/account/passkeys/sign-in", new { challengeId = stale, credential = authenticator.Assert(staleOptions) }, "/account/login")).StatusCode);
    }

    [Fact]
    public async Task A_passkey_serves_as_the_second_factor_after_the_password()
    {
        var (patient, authenticator) = await PatientWithPasskeyAsync();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode);
        Assert.Contains("Use a passkey", await client.GetPageAsync("/account/login-2fa"));

        var (challengeId, options) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/second-factor/options", null, "/account/login-2fa"));
        Assert.Single(options.GetProperty("allowCredentials").EnumerateArray());
        var done = await client.PostJsonAsync("/account/passkeys/second-factor", new { challengeId, credential = authenticator.Assert(options) }, "/account/login-2fa");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);
    }

    [Fact]
    public async Task Adding_a_passkey_needs_a_fresh_second_factor_and_another_accounts_passkey_cannot_be_removed()
    {
        var (owner, _) = await PatientWithPasskeyAsync();
        var other = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(other);

        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.UserSessions.Where(s => s.UserId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorUtc, DateTime.UtcNow.AddMinutes(-10)));
        var stale = await client.PostJsonAsync("/account/passkeys/register/options", null, "/account/login");
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Contains("step-up", await stale.Content.ReadAsStringAsync());

        // Fresh again, then try to remove the owner's passkey by id.
        await client.PostFormAsync("/account/step-up", new Dictionary<string, string> { ["Code"] = await TotpCodes.FreshAsync(other.TotpSecret!), ["ReturnUrl"] = "/" });
        await using var check = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var ownersPasskey = await check.PasskeyCredentials.SingleAsync(p => p.UserId == owner.Id);
        await client.PostFormAsync("/account/security?handler=RemovePasskey", new Dictionary<string, string> { ["passkeyId"] = ownersPasskey.Id.ToString() }, tokenPage: "/account/security");
        Assert.True(await check.PasskeyCredentials.AnyAsync(p => p.Id == ownersPasskey.Id));
    }

    [Fact]
    public async Task A_passkey_set_up_at_enrolment_is_followed_by_recovery_codes_and_later_changes_are_notified()
    {
        var patient = await portal.CreateAccountAsync(Portal.Grains.Identity.PortalRoles.Patient, enrolTotp: false);
        using var client = portal.NewClient();
        Assert.StartsWith("/account/enrol-totp", (await client.SubmitPasswordAsync(patient.Email, patient.Password)).Headers.Location!.OriginalString);

        var authenticator = NewAuthenticator();
        var (challengeId, options) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/register/options", null, "/account/enrol-totp"));
        var registered = await client.PostJsonAsync("/account/passkeys/register", new { challengeId, name = "Phone", credential = authenticator.Create(options), returnUrl = "/messages" }, "/account/enrol-totp");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var next = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("redirect").GetString()!;
        Assert.StartsWith("/account/recovery-codes", next);

        var codes = await client.GetPageAsync(next);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(codes, @"<li><code>[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</code></li>").Count);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(next)).StatusCode); // shown once
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);

        // A second passkey is a change to the account's factors: the owner is told.
        var (secondId, secondOptions) = await OptionsAsync(await client.PostJsonAsync("/account/passkeys/register/options", null, "/account/security"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/account/passkeys/register", new { challengeId = secondId, name = "Laptop", credential = NewAuthenticator().Create(secondOptions) }, "/account/security")).StatusCode);
        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "Your sign-in methods changed");
    }

    [Fact]
    public async Task Passkey_calls_without_the_anti_forgery_token_are_refused()
    {
        using var client = portal.NewClient();
        var response = await client.Http.PostAsync("/account/passkeys/sign-in/options", System.Net.Http.Json.JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
