using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web;

/// <summary>Destroying a patient's data key makes their PHI unreadable everywhere, while the audit trail stays.</summary>
[Collection(PortalCollection.Name)]
public sealed class CryptoShreddingTests(PortalFactory portal)
{
    [Fact]
    public async Task An_erased_record_can_no_longer_be_read_by_anyone()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync("Erin Erase", staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "Scan booked", ["Body"] = "Your MRI is on Friday." });
        using var signedInPatient = portal.NewClient();
        await signedInPatient.SignInAsync(patient);
        Assert.Contains("Scan booked", await signedInPatient.GetPageAsync("/messages"));

        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        using var adminClient = portal.NewClient();
        await adminClient.SignInAsync(admin);
        var unconfirmed = await adminClient.PostFormAsync("/admin/erase", new Dictionary<string, string> { ["PatientEmail"] = patient.Email, ["Confirm"] = "yes" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        var erased = await adminClient.PostFormAsync("/admin/erase", new Dictionary<string, string> { ["PatientEmail"] = patient.Email, ["Confirm"] = "ERASE" });
        Assert.Contains("The record was erased", await erased.Content.ReadAsStringAsync());

        var staffView = await staffClient.GetPageAsync($"/staff/patients/{patient.Id}");
        Assert.DoesNotContain("Erin Erase", staffView);
        Assert.DoesNotContain("Scan booked", staffView);
        Assert.Contains("(record erased)", staffView);

        // The account is closed with the record: a session open before ends at once
        Assert.Contains("/account/login", (await signedInPatient.GetAsync("/messages")).Headers.Location?.OriginalString ?? "");
        // and: its address is gone, so the patient cannot sign in again.
        using var patientClient = portal.NewClient();
        var signIn = await patientClient.SubmitPasswordAsync(patient.Email, patient.Password);
        Assert.DoesNotContain("/account/login-2fa", signIn.Headers.Location?.OriginalString ?? "");
        Assert.Null(await portal.AccountByEmailAsync(patient.Email));

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.PatientDataKeys.AnyAsync(k => k.PatientId == patient.Id));
        Assert.True(await db.SecureMessages.AnyAsync(m => m.PatientId == patient.Id)); // ciphertext remains, unreadable
        Assert.True(await db.AuditEntries.AnyAsync(e => e.PatientId == patient.Id && e.Action == AuditActions.PatientErased && e.ActorId == admin.Id));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.PatientId == patient.Id && e.Action == AuditActions.MessageSend));
    }

    [Fact]
    public async Task Staff_cannot_erase_records()
    {
        var staff = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);
        Assert.Contains("/account/denied", (await client.GetAsync("/admin/erase")).Headers.Location!.OriginalString);
    }
}
