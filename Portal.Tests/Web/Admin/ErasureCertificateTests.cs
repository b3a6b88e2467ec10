using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Retention;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Grains.Retention;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Admin;

/// <summary>A legal hold stops erasure; an erasure leaves a signed certificate naming the record, how and by whom.</summary>
[Collection(PortalCollection.Name)]
public sealed class ErasureCertificateTests(PortalFactory portal)
{
    [Fact]
    public async Task A_held_record_cannot_be_erased_and_an_erased_one_has_a_signed_certificate()
    {
        var patient = await portal.CreatePatientAsync();
        var admin = await portal.CreateAccountAsync(PortalRoles.Admin);
        using var adminClient = portal.NewClient();
        await adminClient.SignInAsync(admin);
        var adminActor = new AuditActor(admin.Id, PortalRoles.Admin, "127.0.0.1");
        var holds = portal.Services.GetRequiredService<LegalHolds>();
        Assert.Null(await holds.PlaceAsync(patient.Id, "Matter 2026-201", adminActor));

        var refused = await adminClient.PostFormAsync("/admin/erase", new Dictionary<string, string> { ["PatientEmail"] = patient.Email, ["Confirm"] = "ERASE" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("under a legal hold", await refused.Content.ReadAsStringAsync());
        // The grain refuses too, whoever calls it.
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.EraseRecordAsync(adminActor));
        Assert.False(await portal.QueryAsync(db => db.DisposalCertificates.AnyAsync(c => c.PatientId == patient.Id)));

        var hold = (await holds.ListActiveAsync()).Single(h => h.PatientId == patient.Id);
        Assert.True(await holds.ReleaseAsync(hold.Id, adminActor));
        var erased = await adminClient.PostFormAsync("/admin/erase", new Dictionary<string, string> { ["PatientEmail"] = patient.Email, ["Confirm"] = "ERASE" });
        Assert.Contains("signed disposal certificate", await erased.Content.ReadAsStringAsync());

        var certificate = await portal.QueryAsync(db => db.DisposalCertificates.SingleAsync(c => c.PatientId == patient.Id));
        Assert.Equal((RecordKind.PatientRecord, "crypto-shredded", 1), (certificate.Kind, certificate.Method, certificate.Count));
        Assert.Contains(admin.Id.ToString("N"), certificate.Basis);
        Assert.True(portal.Services.GetRequiredService<DisposalCertificates>().Verify(certificate));
        Assert.Contains("crypto-shredded", await adminClient.GetPageAsync("/admin/retention"));
    }
}
