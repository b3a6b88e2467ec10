using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>The accounting of disclosures: staff on the care team read and download it, the patient sees who has seen
/// their record, and no one else gets it.</summary>
[Collection(PortalCollection.Name)]
public sealed class DisclosureTests(PortalFactory portal)
{
    [Fact]
    public async Task Staff_and_the_patient_see_who_opened_and_sent_what_and_outsiders_get_nothing()
    {
        var staff = await portal.CreateStaffAsync();
        var patient = await portal.CreatePatientAsync(careTeam: staff.Id);
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        await staffClient.PostFormAsync($"/staff/patients/{patient.Id}/compose", new Dictionary<string, string> { ["Subject"] = "Biopsy", ["Body"] = "Benign." });
        await staffClient.GetPageAsync($"/staff/patients/{patient.Id}");
        var staffName = await portal.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.Id == staff.Id).Select(u => u.DisplayName)));

        var report = await staffClient.GetPageAsync($"/staff/patients/{patient.Id}/disclosures");
        Assert.Contains("Sent you a secure message", report);
        Assert.Contains("Opened your record", report);
        Assert.Contains(staffName, report);
        Assert.DoesNotContain("Biopsy", report);

        var csv = await staffClient.GetAsync($"/staff/patients/{patient.Id}/disclosures?handler=Csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("AtUtc,Who,Role,What,Reference", lines[0].Trim());
        Assert.Contains(lines, l => l.Contains("Sent you a secure message") && l.Contains(staffName));

        using var patientClient = portal.NewClient();
        await patientClient.SignInAsync(patient);
        // The patient's own use of their record is not a disclosure.
        await portal.Services.GetRequiredService<IAuditLog>().WriteAsync(new AuditRecord(AuditActions.AttachmentDownload, AuditOutcomes.Success,
            new AuditActor(patient.Id, PortalRoles.Patient, "203.0.113.5"), patient.Id));
        var own = await patientClient.GetPageAsync("/account/record-access");
        Assert.Contains("Sent you a secure message", own);
        Assert.Contains(staffName, own);
        Assert.DoesNotContain("Downloaded an attachment", own);

        var outsider = await portal.CreateStaffAsync();
        using var outsiderClient = portal.NewClient();
        await outsiderClient.SignInAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/staff/patients/{patient.Id}/disclosures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/staff/patients/{patient.Id}/disclosures?handler=Csv")).StatusCode);
    }
}
