using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Messaging.Notifications;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>The first vertical slice, over HTTP: staff send, the patient is notified by SMTP, signs in and reads.</summary>
[Collection(PortalCollection.Name)]
public sealed class SecureMessageFlowTests(PortalFactory portal)
{
    [Fact]
    public async Task Staff_message_reaches_patient_through_a_notice_without_phi_and_is_marked_read()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync("Jordan Example", staff.Id);
        const string subject = "Your HbA1c result";
        const string body = "Your HbA1c is 6.1%. Diagnosis: prediabetes. Please book a follow-up.";

        using var staffClient = portal.NewClient();
        Assert.Equal("/", await staffClient.SignInAsync(staff));
        var sent = await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose",
            new Dictionary<string, string> { ["Subject"] = subject, ["Body"] = body });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        // The notice went out over SMTP and says nothing but that a message waits.
        var notice = await portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == patient.Email));
        Assert.Equal(SecureMessageNotice.Subject, notice.Subject);
        var wholeMail = notice.ToString();
        foreach (var phi in new[] { "HbA1c", "prediabetes", "6.1", "Jordan", "follow-up" })
            Assert.DoesNotContain(phi, wholeMail, StringComparison.OrdinalIgnoreCase);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(notice.TextBody ?? "", @"https://portal\.test/messages/[0-9a-f-]{36}").Value);
        var messagePath = link.AbsolutePath;

        // The patient follows the link: sign-in first, then straight to the message.
        using var patientClient = portal.NewClient();
        var toLogin = await patientClient.GetAsync(messagePath);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.Contains("/account/login", toLogin.Headers.Location!.OriginalString);
        Assert.Equal(messagePath, await patientClient.SignInAsync(patient, messagePath));

        var inbox = await patientClient.GetPageAsync("/messages");
        Assert.Contains(subject, inbox);
        Assert.Contains("New", inbox);

        var page = await patientClient.GetPageAsync(messagePath);
        Assert.Contains(subject, page);
        Assert.Contains("Diagnosis: prediabetes", page);

        // Read status: staff see it on the patient's page.
        var staffView = await staffClient.GetPageAsync($"/staff/patients/{patient.Id}");
        Assert.Contains("Read 20", staffView);
        Assert.Contains("Portal pickup", staffView);
        Assert.Contains("never sent in clear", staffView); // the recorded reason for portal pickup

        // Audit: each step, with actor, patient, outcome and source address.
        await using var scope = portal.Services.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var messageId = messagePath.Split('/').Last();
        // The notice's audit entry is written when its delivery is marked, after the mail left.
        var notified = DateTime.UtcNow.AddSeconds(20);
        while (!await db.AuditEntries.AnyAsync(e => e.PatientId == patient.Id && e.Action == AuditActions.MessageNotify) && DateTime.UtcNow < notified)
            await Task.Delay(100);
        var trail = await db.AuditEntries.Where(e => e.PatientId == patient.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(trail, e => e.Action == AuditActions.MessageSend && e.Outcome == AuditOutcomes.Success && e.ActorId == staff.Id && e.TargetId == messageId && e.SourceIp == PortalFactory.ClientAddress.ToString());
        Assert.Contains(trail, e => e.Action == AuditActions.MessageNotify && e.Outcome == AuditOutcomes.Success && e.TargetId == messageId);
        Assert.Contains(trail, e => e.Action == AuditActions.InboxView && e.ActorId == patient.Id);
        Assert.Contains(trail, e => e.Action == AuditActions.MessageRead && e.Outcome == AuditOutcomes.Success && e.ActorId == patient.Id && e.TargetId == messageId);
        Assert.All(trail, e => Assert.Equal(DateTimeKind.Utc, DateTime.SpecifyKind(e.TimestampUtc, DateTimeKind.Utc).Kind));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SignInSecondFactor && e.ActorId == patient.Id && e.Outcome == AuditOutcomes.Success));

        // An admin sees the read in the audit log.
        var admin = await portal.CreateAccountAsync(Portal.Grains.Identity.PortalRoles.Admin);
        using var adminClient = portal.NewClient();
        await adminClient.SignInAsync(admin);
        var log = await adminClient.GetPageAsync($"/admin/audit?patient={patient.Id}&action={AuditActions.MessageRead}");
        Assert.Contains(messageId, log);
        Assert.Contains(patient.Email, log);
    }

    [Fact]
    public async Task Health_endpoints_answer_when_up()
    {
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
