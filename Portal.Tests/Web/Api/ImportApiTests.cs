using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Tests.Grains.Delivery;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web.Api;

/// <summary>
/// Another system imports a FHIR bundle with an API key an admin created: a plain HTTP client, no browser, no cookie.
/// Keys are shown once, stored hashed, audited, rotate with an overlap and stop at once when revoked; a forged key,
/// a session cookie or another key's import get nothing.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class ImportApiTests(PortalFactory portal)
{
    [GeneratedRegex(@"ptl_[0-9a-f]{32}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();

    private static string Bundle(string run) => $$$$"""
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:api-{{{{run}}}}","resource":{"resourceType":"Patient","id":"api-{{{{run}}}}",
            "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"API-{{{{run}}}}"}],
            "name":[{"family":"Apison","given":["Ada"]}],"gender":"female","birthDate":"1961-02-03"}},
          {"resource":{"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"}]},"subject":{"reference":"urn:uuid:api-{{{{run}}}}"}}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"BMI"}}}
        ]}
        """;

    private async Task<(PortalClient Admin, ProvisionedAccount Staff)> AdminAndStaffAsync()
    {
        var admin = portal.NewClient();
        await admin.SignInAsync(await portal.CreateAccountAsync(PortalRoles.Admin));
        return (admin, await portal.CreateStaffAsync());
    }

    private static async Task<string> CreateKeyAsync(PortalClient admin, Guid actsFor, string name = "EHR nightly export")
    {
        var response = await admin.PostFormAsync("/admin/api-keys?handler=Create", new Dictionary<string, string>
        {
            ["Name"] = name, ["Scopes"] = ApiScopes.PatientsImport, ["ActsFor"] = actsFor.ToString(), ["LifetimeDays"] = "30",
        }, "/admin/api-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return KeyPattern().Match(await response.Content.ReadAsStringAsync()).Value;
    }

    private static HttpRequestMessage Post(string? key, string body, string contentType = "application/fhir+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/patients/import") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static HttpRequestMessage Get(string? key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static async Task<JsonElement> FinishedReportAsync(HttpClient http, string key, string path)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await http.SendAsync(Get(key, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (report.GetProperty("status").GetString() != "running") return report;
            await Task.Delay(100);
        }
        throw new TimeoutException("The import did not finish.");
    }

    [Fact]
    public async Task A_system_posts_a_fhir_bundle_with_its_key_and_reads_the_report_and_the_patients_join_the_keys_care_team()
    {
        var (admin, staff) = await AdminAndStaffAsync();
        using var _ = admin;
        var key = await CreateKeyAsync(admin, staff.Id);
        Assert.NotEmpty(key);
        // Shown once: the list shows the name, never the key, and the database holds only its hash.
        var list = await admin.GetPageAsync("/admin/api-keys");
        Assert.Contains("EHR nightly export", list);
        Assert.DoesNotContain(key, list);
        var secretPart = key[^43..];
        Assert.False(await portal.QueryAsync(db => db.ApiKeys.AnyAsync(k => k.Name.Contains(secretPart) || k.Scopes.Contains(secretPart))));

        using var system = portal.NewClient(); // no cookie: a server calling in
        var run = Guid.NewGuid().ToString("N")[..8];
        var accepted = await system.Http.SendAsync(Post(key, Bundle(run)));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var reportPath = accepted.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/imports/", reportPath);

        var report = await FinishedReportAsync(system.Http, key, reportPath);
        Assert.Equal(("done", 1, 0, 0), (report.GetProperty("status").GetString(), report.GetProperty("created").GetInt32(),
            report.GetProperty("updated").GetInt32(), report.GetProperty("rejected").GetInt32()));
        Assert.Equal(1, report.GetProperty("skipped").GetProperty("Observation").GetInt32());
        Assert.Equal("FHIR bundle (API)", report.GetProperty("source").GetString());

        // The patient is on the care team of the account the key acts as, with the diagnosis.
        var token = await portal.Services.GetRequiredService<BlindIndex>().TokenAsync(TokenKind.ExternalId, $"API-{run}");
        var patientId = await portal.QueryAsync(db => db.PatientTokens.Where(t => t.Kind == TokenKind.ExternalId && t.Token == token).Select(t => t.PatientId).SingleAsync());
        Assert.True(await portal.QueryAsync(db => db.CareTeamMembers.AnyAsync(m => m.PatientId == patientId && m.StaffId == staff.Id)));
        var profile = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(patientId)
            .GetProfileAsync(new AuditActor(staff.Id, PortalRoles.Staff, null));
        Assert.Equal(("Ada Apison", "E11.9"), (profile!.FullName, Assert.Single(profile.Diagnoses).Code));

        // Audited as the staff account, and the key's creation by the admin; the key was marked used.
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PatientsImported && e.ActorId == staff.Id)));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ApiKeyCreated)));
        var keyId = Guid.ParseExact(key[4..36], "N");
        Assert.NotNull(await portal.QueryAsync(db => db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.LastUsedUtc).SingleAsync()));
    }

    [Fact]
    public async Task Bad_bodies_are_refused_with_the_reason_and_nothing_runs()
    {
        var (admin, staff) = await AdminAndStaffAsync();
        using var _ = admin;
        var key = await CreateKeyAsync(admin, staff.Id);
        using var system = portal.NewClient();
        var runsBefore = await portal.QueryAsync(db => db.ImportRuns.CountAsync(r => r.StartedBy == staff.Id));

        var malformed = await system.Http.SendAsync(Post(key, "{\"resourceType\":\"Bundle\",\n\"entry\": [ {"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not valid JSON (line", await malformed.Content.ReadAsStringAsync());
        var notBundle = await system.Http.SendAsync(Post(key, "{\"resourceType\":\"Patient\",\"id\":\"x\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, notBundle.StatusCode);
        Assert.Contains("Expected a Bundle, found Patient", await notBundle.Content.ReadAsStringAsync());
        var wrongType = await system.Http.SendAsync(Post(key, Bundle("x"), "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        var mismatched = await system.Http.SendAsync(Post(key, Bundle("x"), "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        var empty = await system.Http.SendAsync(Post(key, ""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        // A CSV file works the same way.
        var csv = await system.Http.SendAsync(Post(key, $"external_id,full_name\nAPI-CSV-{Guid.NewGuid():N},Cy Csv\n", "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, csv.StatusCode);
        Assert.Equal(runsBefore + 1, await portal.QueryAsync(db => db.ImportRuns.CountAsync(r => r.StartedBy == staff.Id)));
        // A value from the body is never echoed in a refusal.
        var secretName = $"Zelda{Guid.NewGuid():N}";
        var bad = await system.Http.SendAsync(Post(key, $"{{\"resourceType\":\"{secretName}\"}}"));
        Assert.DoesNotContain(secretName, await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_key_a_forged_key_a_session_cookie_a_revoked_key_or_another_keys_import_get_nothing()
    {
        var (admin, staff) = await AdminAndStaffAsync();
        using var _ = admin;
        var key = await CreateKeyAsync(admin, staff.Id);
        var otherStaff = await portal.CreateStaffAsync();
        var otherKey = await CreateKeyAsync(admin, otherStaff.Id, "CRM");
        using var system = portal.NewClient();

        var anonymous = await system.Http.SendAsync(Post(null, Bundle("a")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        var forged = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Http.SendAsync(Post(forged, Bundle("f")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Http.SendAsync(Post("ptl_garbage", Bundle("g")))).StatusCode);
        // The admin's signed-in browser session is no API credential.
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Http.SendAsync(Post(null, Bundle("c")))).StatusCode);

        var accepted = await system.Http.SendAsync(Post(key, Bundle(Guid.NewGuid().ToString("N")[..8])));
        var reportPath = accepted.Headers.Location!.OriginalString;
        await FinishedReportAsync(system.Http, key, reportPath);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.SendAsync(Get(otherKey, reportPath))).StatusCode);

        var keyId = Guid.ParseExact(key[4..36], "N");
        var revoked = await admin.PostFormAsync("/admin/api-keys?handler=Revoke", new Dictionary<string, string> { ["keyId"] = keyId.ToString() }, "/admin/api-keys");
        Assert.Contains("The key is revoked", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Http.SendAsync(Get(key, reportPath))).StatusCode);
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ApiKeyRevoked && e.TargetId == keyId.ToString())));

        // A key stops when the account it acts as is deactivated.
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.SendAsync(Get(otherKey, "/api/v1/imports/" + Guid.NewGuid()))).StatusCode);
        await portal.QueryAsync(db => db.Users.Where(u => u.Id == otherStaff.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedUtc, DateTime.UtcNow)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.Http.SendAsync(Get(otherKey, "/api/v1/imports/" + Guid.NewGuid()))).StatusCode);
    }

    [Fact]
    public async Task Rotating_issues_a_new_key_while_the_old_one_works_for_a_day_and_bad_requests_for_keys_are_refused()
    {
        var (admin, staff) = await AdminAndStaffAsync();
        using var _ = admin;
        var key = await CreateKeyAsync(admin, staff.Id);
        var keyId = Guid.ParseExact(key[4..36], "N");
        var rotated = await admin.PostFormAsync("/admin/api-keys?handler=Rotate", new Dictionary<string, string> { ["keyId"] = keyId.ToString() }, "/admin/api-keys");
        var rotatedPage = await rotated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newKey = KeyPattern().Match(rotatedPage).Value;
        Assert.NotEqual(key, newKey);
        using var system = portal.NewClient();
        var probe = "/api/v1/imports/" + Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.SendAsync(Get(newKey, probe))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await system.Http.SendAsync(Get(key, probe))).StatusCode);
        var old = await portal.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Id == keyId));
        Assert.InRange(old.ExpiresUtc, DateTime.UtcNow, DateTime.UtcNow + Portal.Grains.Identity.ApiKeys.RotationOverlap);
        var newKeyId = Guid.ParseExact(newKey[4..36], "N");
        Assert.Equal(keyId, await portal.QueryAsync(db => db.ApiKeys.Where(k => k.Id == newKeyId).Select(k => k.ReplacesKeyId).SingleAsync()));

        // Refusals: no name, no scope, an unknown scope, a patient to act as.
        var patient = await portal.CreatePatientAsync();
        foreach (var (fields, problem) in new (Dictionary<string, string>, string)[]
        {
            (new() { ["Name"] = "", ["Scopes"] = ApiScopes.PatientsImport, ["ActsFor"] = staff.Id.ToString(), ["LifetimeDays"] = "30" }, "Give the key a name"),
            (new() { ["Name"] = "x", ["ActsFor"] = staff.Id.ToString(), ["LifetimeDays"] = "30" }, "at least one thing"),
            (new() { ["Name"] = "x", ["Scopes"] = "admin:everything", ["ActsFor"] = staff.Id.ToString(), ["LifetimeDays"] = "30" }, "There is no scope"),
            (new() { ["Name"] = "x", ["Scopes"] = ApiScopes.PatientsImport, ["ActsFor"] = patient.Id.ToString(), ["LifetimeDays"] = "30" }, "active staff or admin account"),
            (new() { ["Name"] = "x", ["Scopes"] = ApiScopes.PatientsImport, ["ActsFor"] = staff.Id.ToString(), ["LifetimeDays"] = "5000" }, "1 to 730 days"),
        })
        {
            var refused = await admin.PostFormAsync("/admin/api-keys?handler=Create", fields, "/admin/api-keys");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Contains(problem, page);
            Assert.DoesNotMatch(KeyPattern(), page);
        }
    }
}
