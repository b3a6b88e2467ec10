using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Data.Identity;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Sessions live on the server: idle and absolute limits, rotation, and revocation hold whatever the cookie says.</summary>
[Collection(PortalCollection.Name)]
public sealed class SessionTests(PortalFactory portal)
{
    private async Task<PortalDbContext> DbAsync() =>
        await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<UserSession>> SessionsOfAsync(Guid userId)
    {
        await using var db = await DbAsync();
        return await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.CreatedUtc).ToListAsync();
    }

    private async Task BackdateAsync(Guid userId, TimeSpan lastSeen, TimeSpan created)
    {
        await using var db = await DbAsync();
        var now = DateTime.UtcNow;
        await db.UserSessions.Where(s => s.UserId == userId && s.RevokedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, now - lastSeen).SetProperty(x => x.CreatedUtc, now - created));
    }

    private static void AssertSignedOut(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_session_idle_for_more_than_15_minutes_is_ended_on_the_server()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        await BackdateAsync(patient.Id, lastSeen: TimeSpan.FromMinutes(14), created: TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);

        await BackdateAsync(patient.Id, lastSeen: TimeSpan.FromMinutes(16), created: TimeSpan.FromMinutes(30));
        AssertSignedOut(await client.GetAsync("/messages"));
        var ended = (await SessionsOfAsync(patient.Id)).Last();
        Assert.Equal("idle-timeout", ended.RevokedReason);
        await using var db = await DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == patient.Id && e.Action == AuditActions.SessionEnded && e.Outcome == "idle-timeout"));
    }

    [Fact]
    public async Task An_active_session_still_ends_after_12_hours()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        await BackdateAsync(patient.Id, lastSeen: TimeSpan.FromSeconds(5), created: TimeSpan.FromHours(12.1));
        AssertSignedOut(await client.GetAsync("/messages"));
        Assert.Equal("absolute-lifetime", (await SessionsOfAsync(patient.Id)).Last().RevokedReason);
    }

    [Fact]
    public async Task The_session_id_rotates_at_sign_in_and_at_the_second_factor()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var first = client.SessionCookie;
        await client.SignInAsync(patient);
        Assert.NotEqual(first, client.SessionCookie);

        var sessions = await SessionsOfAsync(patient.Id);
        Assert.Equal(2, sessions.Count);
        Assert.Equal("replaced", sessions[0].RevokedReason);
        Assert.Null(sessions[1].RevokedUtc);
        Assert.NotNull(sessions[1].SecondFactorUtc);
    }

    [Fact]
    public async Task A_copied_cookie_is_useless_after_sign_out()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var stolen = client.SessionCookie!;

        await client.PostFormAsync("/account/logout", new Dictionary<string, string>(), tokenPage: "/messages");

        using var attacker = portal.NewClient();
        attacker.Cookies.Add(new Cookie("portal.session", stolen, "/", "localhost"));
        AssertSignedOut(await attacker.GetAsync("/messages"));
        Assert.Equal("sign-out", (await SessionsOfAsync(patient.Id)).Single().RevokedReason);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_every_other_session()
    {
        var patient = await portal.CreatePatientAsync();
        using var laptop = portal.NewClient();
        using var phone = portal.NewClient();
        await laptop.SignInAsync(patient);
        await phone.SignInAsync(patient);

        var changed = await laptop.PostFormAsync("/account/security?handler=ChangePassword", new Dictionary<string, string>
        {
            ["Password.Current"] = patient.Password,
            ["Password.New"] = "a long new passphrase for tests",
        }, tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Other sessions were signed out", await changed.Content.ReadAsStringAsync());

        AssertSignedOut(await phone.GetAsync("/messages"));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/messages")).StatusCode);
    }

    [Fact]
    public async Task Sensitive_pages_ask_for_a_fresh_second_factor_after_5_minutes()
    {
        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        using var client = portal.NewClient();
        await client.SignInAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/audit")).StatusCode);

        await using (var db = await DbAsync())
            await db.UserSessions.Where(s => s.UserId == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorUtc, DateTime.UtcNow.AddMinutes(-6)));

        var asked = await client.GetAsync("/admin/audit?action=message.read");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.StartsWith("/account/step-up?returnUrl=", asked.Headers.Location!.OriginalString);

        var wrong = await client.PostFormAsync("/account/step-up", new Dictionary<string, string> { ["Code"] = "000000", ["ReturnUrl"] = "/admin/audit" });
        Assert.Contains("did not match", await wrong.Content.ReadAsStringAsync());
        var proved = await client.PostFormAsync("/account/step-up", new Dictionary<string, string>
        {
            ["Code"] = await TotpCodes.FreshAsync(admin.TotpSecret!),
            ["ReturnUrl"] = "/admin/audit?action=message.read",
        });
        Assert.Equal("/admin/audit?action=message.read", proved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_carry_the_idle_warning_settings()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var html = await client.GetPageAsync("/messages");
        Assert.Contains("name=\"session-idle-seconds\" content=\"900\"", html);
        Assert.Contains("id=\"idle-warning\"", html);
        Assert.Contains("/js/session.js", html);
    }
}
