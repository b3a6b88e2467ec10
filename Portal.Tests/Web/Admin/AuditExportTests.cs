using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Admin;

/// <summary>Compliance officers export the audit trail filtered by patient, actor, action and dates, as CSV or JSON;
/// the export is itself audited and holds each entry's place in the chain.</summary>
[Collection(PortalCollection.Name)]
public sealed class AuditExportTests(PortalFactory portal)
{
    [Fact]
    public async Task An_export_holds_exactly_the_filtered_entries_in_csv_and_json_and_is_audited()
    {
        var patient = await portal.CreatePatientAsync();
        var staff = await portal.TeamStaffAsync();
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        await grain.SendSecureMessageAsync(new NewSecureMessage("Results", "Your results are in."), await portal.TeamStaffActorAsync());
        await grain.GetInboxAsync(await portal.TeamStaffActorAsync());
        var expected = await portal.QueryAsync(db => db.AuditEntries.CountAsync(e => e.PatientId == patient.Id && e.ActorId == staff.Id));
        Assert.True(expected >= 2);

        using var admin = portal.NewClient();
        await admin.SignInAsync(await portal.CreateAccountAsync(PortalRoles.Admin));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var query = $"Patient={patient.Id}&Actor={Uri.EscapeDataString(staff.Email)}&From={today}&To={today}";

        var csv = await admin.GetAsync($"/admin/audit?handler=ExportCsv&{query}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition!.ToString());
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Sequence,TimestampUtc,ActorId,ActorName,ActorRole,Action,Outcome,PatientId,TargetId,SourceIp,Hash", lines[0]);
        Assert.Equal(expected, lines.Length - 1);
        Assert.All(lines.Skip(1), line => Assert.Contains(staff.Id.ToString(), line));

        var json = await admin.GetAsync($"/admin/audit?handler=ExportJson&{query}");
        var rows = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(expected, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), row => Assert.Equal(64, row.GetProperty("hash").GetString()!.Length));

        // Nothing before today: an empty export, not an error.
        var past = await admin.GetAsync($"/admin/audit?handler=ExportJson&Patient={patient.Id}&To=2020-01-01");
        Assert.Equal(0, JsonDocument.Parse(await past.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync("/admin/audit?handler=ExportCsv&Actor=nobody@example.org")).StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AuditExported && e.PatientId == patient.Id)));

        // Staff cannot export.
        using var staffClient = portal.NewClient();
        await staffClient.SignInAsync(staff);
        var refused = await staffClient.GetAsync($"/admin/audit?handler=ExportCsv&{query}");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
