using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class AccessControlTests(PortalFactory portal)
{
    private async Task<Guid> SendAsync(Guid patientId, string subject)
    {
        var staff = await portal.TeamStaffActorAsync();
        return await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patientId)
            .SendSecureMessageAsync(new NewSecureMessage(subject, "body"), staff);
    }

    [Fact]
    public async Task Another_patients_message_answers_exactly_like_a_missing_one_and_is_audited()
    {
        var alice = await portal.CreatePatientAsync();
        var bob = await portal.CreatePatientAsync();
        var bobsMessage = await SendAsync(bob.Id, "Bob's private result");

        using var client = portal.NewClient();
        await client.SignInAsync(alice);
        var foreign = await client.GetAsync($"/messages/{bobsMessage}");
        var missing = await client.GetAsync($"/messages/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var foreignBody = await foreign.Content.ReadAsStringAsync();
        Assert.Equal(WithoutTokens(await missing.Content.ReadAsStringAsync()), WithoutTokens(foreignBody));
        Assert.DoesNotContain("Bob", foreignBody);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == alice.Id && e.Action == AuditActions.MessageRead
            && e.Outcome == AuditOutcomes.NotFound && e.TargetId == bobsMessage.ToString()));
        // Bob's message is untouched: still unread.
        Assert.Null((await db.SecureMessages.SingleAsync(m => m.Id == bobsMessage)).ReadUtc);
    }

    // Anti-forgery tokens differ on every page; everything else must be identical.
    private static string WithoutTokens(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");

    [Theory]
    [InlineData("/messages")]
    [InlineData("/staff")]
    [InlineData("/admin/audit")]
    [InlineData("/")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var client = portal.NewClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString().Replace("http://", "https://"));
    }

    [Fact]
    public async Task A_patient_cannot_open_staff_or_admin_pages()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        foreach (var path in new[] { "/staff", $"/staff/patients/{patient.Id}", "/admin/audit" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/denied", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Staff_cannot_read_the_audit_log_or_a_patients_inbox_page()
    {
        var staff = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        Assert.Contains("/account/denied", (await client.GetAsync("/admin/audit")).Headers.Location!.OriginalString);
        Assert.Contains("/account/denied", (await client.GetAsync("/messages")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_account_without_a_second_factor_reaches_only_enrolment()
    {
        var patient = await portal.CreateAccountAsync(PortalRoles.Patient, enrolTotp: false);
        await portal.AddToCareTeamAsync((await portal.TeamStaffAsync()).Id, patient.Id);
        await SendAsync(patient.Id, "Something private");
        using var client = portal.NewClient();

        var password = await client.SubmitPasswordAsync(patient.Email, patient.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/enrol-totp", password.Headers.Location!.OriginalString);

        foreach (var path in new[] { "/", "/messages", "/staff", "/admin/audit", "/dev/mail" })
        {
            var response = await client.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("Something private", await response.Content.ReadAsStringAsync());
        }

        // Enrol: read the key off the page as a user would type it into an app.
        var enrolPage = await client.GetPageAsync("/account/enrol-totp");
        var key = System.Text.RegularExpressions.Regex.Match(enrolPage, "data-testid=\"totp-key\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "");
        Assert.Equal(32, key.Length);
        var wrong = await client.PostFormAsync("/account/enrol-totp", new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("did not match", await wrong.Content.ReadAsStringAsync());

        var enrolled = await client.PostFormAsync("/account/enrol-totp", new Dictionary<string, string> { ["Code"] = await TotpCodes.FreshAsync(key) });
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var shown = await enrolled.Content.ReadAsStringAsync();
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(shown, @"<li><code>[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</code></li>").Count);
        Assert.Contains("Something private", await client.GetPageAsync("/messages"));
    }
}
