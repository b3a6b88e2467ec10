using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;
using Portal.Data.Patients;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Threads: patients answer only in threads staff opened; replies land in the team inbox; staff recall; messages expire.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConversationTests(PortalFactory portal)
{
    private async Task<(ProvisionedAccount Staff, ProvisionedAccount Patient, PortalClient StaffClient, PortalClient PatientClient, Guid MessageId)> StartAsync(string body = "Please tell us how the new dose suits you.")
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "How are you getting on?", ["Body"] = body });
        var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        var inbox = await patientClient.GetPageAsync("/messages");
        var id = Guid.Parse(Regex.Match(inbox, "/messages/([0-9a-f-]{36})").Groups[1].Value);
        return (staff, patient, staffClient, patientClient, id);
    }

    [Fact]
    public async Task A_patient_reply_reaches_the_team_inbox_unread_and_can_be_assigned()
    {
        var (staff, _, staffClient, patientClient, id) = await StartAsync();
        var reply = await patientClient.PostFormAsync($"/messages/{id}", new Dictionary<string, string> { ["Reply"] = "Much better, thank you. Slight dizziness." });
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var thread = await patientClient.GetPageAsync($"/messages/{id}");
        Assert.Contains("Slight dizziness", thread);
        Assert.Contains("Your reply was sent", await patientClient.GetPageAsync(reply.Headers.Location!.OriginalString));

        var inbox = await staffClient.GetPageAsync("/staff/inbox");
        Assert.Contains("Re: How are you getting on?", inbox);
        Assert.Contains("1 unread", inbox);

        var link = Regex.Match(inbox, "/staff/patients/([0-9a-f-]{36})/threads/([0-9a-f-]{36})");
        var staffThread = await staffClient.GetPageAsync(link.Value);
        Assert.Contains("Slight dizziness", staffThread);
        Assert.Contains("0 unread", await staffClient.GetPageAsync("/staff/inbox"));

        var messageId = Regex.Match(inbox, "name=\"messageId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        await staffClient.PostFormAsync("/staff/inbox?handler=AssignToMe", new Dictionary<string, string> { ["patientId"] = link.Groups[1].Value, ["messageId"] = messageId }, tokenPage: "/staff/inbox");
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(staff.Id, (await db.SecureMessages.SingleAsync(m => m.Id == Guid.Parse(messageId))).AssignedStaffId);
    }

    [Fact]
    public async Task A_patient_cannot_answer_another_patients_thread()
    {
        var (_, _, _, _, othersMessage) = await StartAsync();
        var intruder = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(intruder);
        var response = await client.PostFormAsync($"/messages/{othersMessage}", new Dictionary<string, string> { ["Reply"] = "hello" }, tokenPage: "/messages");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.SecureMessages.AnyAsync(m => m.SenderId == intruder.Id));
    }

    [Fact]
    public async Task A_recalled_message_no_longer_opens_from_its_link_and_cannot_be_answered()
    {
        var (staff, patient, staffClient, _, id) = await StartAsync("Your biopsy results: benign.");
        var recall = await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/threads/{id}?handler=Recall",
            new Dictionary<string, string> { ["messageId"] = id.ToString() }, tokenPage: $"/staff/patients/{patient.Id}/threads/{id}");
        Assert.Equal(HttpStatusCode.Redirect, recall.StatusCode);

        using var fresh = portal.NewClient();
        await fresh.SignInAsync(patient, $"/messages/{id}");
        var page = await fresh.GetPageAsync($"/messages/{id}");
        Assert.Contains("recalled by the sender", page);
        Assert.DoesNotContain("biopsy", page);
        Assert.DoesNotContain("name=\"Reply\"", page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fresh.PostFormAsync($"/messages/{id}", new Dictionary<string, string> { ["Reply"] = "?" })).StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.MessageRecall && e.ActorId == staff.Id && e.Outcome == AuditOutcomes.Success));
    }

    [Fact]
    public async Task An_expired_message_shows_nothing_of_its_content()
    {
        var (_, _, _, patientClient, id) = await StartAsync("Your appointment code is 4411.");
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.SecureMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1)));
        var page = await patientClient.GetPageAsync($"/messages/{id}");
        Assert.Contains("has expired", page);
        Assert.DoesNotContain("4411", page);
        Assert.DoesNotContain("How are you getting on?", await patientClient.GetPageAsync("/messages"));
    }
}
