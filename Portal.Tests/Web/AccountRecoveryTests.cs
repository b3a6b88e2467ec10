using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Password reset and self-registration by emailed link, answering every address alike.</summary>
[Collection(PortalCollection.Name)]
public sealed class AccountRecoveryTests(PortalFactory portal)
{
    private static string LinkPath(MimeMessage mail) =>
        new Uri(Regex.Match(mail.TextBody ?? "", @"https://portal\.test/\S+").Value).PathAndQuery;

    private static async Task<string> RequestAsync(PortalClient client, string page, string email)
    {
        var response = await client.PostFormAsync(page, new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return Regex.Match(html, "<p class=\"notice\"[^>]*>[^<]*</p>").Value;
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_ends_every_session_and_still_needs_the_second_factor()
    {
        var patient = await portal.CreatePatientAsync();
        using var other = portal.NewClient();
        await other.SignInAsync(patient);

        using var client = portal.NewClient();
        var known = await RequestAsync(client, "/account/forgot-password", patient.Email);
        var unknown = await RequestAsync(client, "/account/forgot-password", "nobody-" + patient.Email);
        Assert.Equal(known, unknown);
        Assert.NotEmpty(known);

        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email) && m.Subject == "Reset your password");
        var link = LinkPath(mail);
        Assert.DoesNotContain(patient.Email, link);
        Assert.Contains($"user={patient.Id}", link);

        const string newPassword = "violet harbour lantern quietly";
        var tampered = await client.PostFormAsync(link.Replace("token=", "token=x"), new Dictionary<string, string> { ["NewPassword"] = newPassword });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tampered.StatusCode);
        Assert.Contains("not valid or has expired", await tampered.Content.ReadAsStringAsync());

        var weak = await client.PostFormAsync(link, new Dictionary<string, string> { ["NewPassword"] = "password1234" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);

        var reset = await client.PostFormAsync(link, new Dictionary<string, string> { ["NewPassword"] = newPassword });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("every session was signed out", await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitPasswordAsync(patient.Email, patient.Password)).StatusCode); // old password: refused
        var withNew = await client.SubmitPasswordAsync(patient.Email, newPassword);
        Assert.StartsWith("/account/login-2fa", withNew.Headers.Location!.OriginalString);

        // The link works once.
        var again = await client.PostFormAsync(link, new Dictionary<string, string> { ["NewPassword"] = "another fine long passphrase" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Registration_answers_alike_and_the_link_creates_a_patient_who_must_enrol_a_second_factor()
    {
        var existing = await portal.CreatePatientAsync();
        var email = $"new-{Guid.NewGuid():N}@example.test";
        using var client = portal.NewClient();
        Assert.Equal(await RequestAsync(client, "/account/register", existing.Email), await RequestAsync(client, "/account/register", email));

        await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == existing.Email) && m.Subject == "You already have an account");
        var mail = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Finish creating your account");
        var link = LinkPath(mail);

        // Before finishing, the address cannot sign in (and answers like any wrong password).
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitPasswordAsync(email, "anything at all here")).StatusCode);

        const string password = "saffron meadow kettle orbit";
        var done = await client.PostFormAsync(link, new Dictionary<string, string> { ["FullName"] = "Robin New", ["Password"] = password });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Your account is ready", await done.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostFormAsync(link, new Dictionary<string, string> { ["FullName"] = "X", ["Password"] = password })).StatusCode);

        var signIn = await client.SubmitPasswordAsync(email, password);
        Assert.StartsWith("/account/enrol-totp", signIn.Headers.Location!.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/messages")).StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var user = (await portal.AccountByEmailAsync(email))!;
        Assert.True(await db.Patients.AnyAsync(p => p.Id == user.Id));
        Assert.Equal("", user.DisplayName); // the name lives only in the encrypted record
    }
}
