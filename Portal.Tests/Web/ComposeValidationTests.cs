using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class ComposeValidationTests(PortalFactory portal)
{
    public static TheoryData<string, string, string> BadMessages => new()
    {
        { new string('s', SecureMessageLimits.SubjectMaxLength + 1), "body", "subject must be 200 characters or fewer" },
        { "subject", new string('b', SecureMessageLimits.BodyMaxLength + 1), "message must be 20,000 characters or fewer" },
        { "Hello\r\nBcc: attacker@example.test", "body", "cannot contain line breaks" },
        { "", "body", "Enter a subject" },
        { "subject", "   ", "Enter a message" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_messages_are_refused_with_a_clear_reason_and_nothing_is_stored(string subject, string body, string reason)
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var client = portal.NewClient();
        await client.SignInAsync(staff);

        var response = await client.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = subject, ["Body"] = body });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecureMessages.AnyAsync(m => m.PatientId == patient.Id));
        Assert.False(await db.Outbox.AnyAsync(m => m.RecipientId == patient.Id));
    }

    [Fact]
    public async Task Writing_to_an_unknown_patient_is_not_found()
    {
        var staff = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        var compose = await client.GetAsync($"/staff/patients/{Guid.NewGuid()}/compose");
        Assert.Equal(HttpStatusCode.Redirect, compose.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(compose.Headers.Location!.OriginalString)).StatusCode);
    }

    [Fact]
    public async Task Script_in_a_message_is_shown_as_text()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = "<script>alert(1)</script>", ["Body"] = "<img src=x onerror=alert(2)>" });

        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var inbox = await patientClient.GetPageAsync("/messages");
        Assert.DoesNotContain("<script>alert(1)</script>", inbox);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", inbox);
        var id = System.Text.RegularExpressions.Regex.Match(inbox, "/messages/([0-9a-f-]{36})").Groups[1].Value;
        var page = await patientClient.GetPageAsync($"/messages/{id}");
        Assert.DoesNotContain("<img src=x", page);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", page);
    }
}

[Collection(PortalCollection.Name)]
public sealed class ComposeTemplateTests(PortalFactory portal)
{
    [Fact]
    public async Task A_template_fills_the_form_with_the_patients_name_and_its_sensitivity()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync("Avery Quinn", staff.Id);
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        var page = await client.GetPageAsync($"/staff/patients/{patient.Id}/compose?template=lab-result-ready");
        Assert.Contains("Dear Avery,", page);
        Assert.Contains("Your lab results are ready", page);
        Assert.Matches("value=\"Phi\" checked", page.Replace("checked=\"checked\"", "checked"));
        Assert.DoesNotContain("{{", page);
    }
}
