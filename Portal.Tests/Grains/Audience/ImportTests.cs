using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Import;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Audience;

/// <summary>CSV and FHIR imports: a report per line and column that never repeats a value, a refused row stores
/// nothing, a re-import updates by external id, and diagnoses and appointments find their patients.</summary>
[Collection(PortalCollection.Name)]
public sealed class ImportTests(PortalFactory portal)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private PatientImporter Importer => portal.Services.GetRequiredService<PatientImporter>();

    private async Task<AuditActor> StaffAsync() => new((await portal.CreateStaffAsync()).Id, PortalRoles.Staff, "203.0.113.7");

    private async Task<PatientProfileView> ProfileAsync(string externalId, AuditActor staff)
    {
        var token = await portal.Services.GetRequiredService<BlindIndex>().TokenAsync(TokenKind.ExternalId, externalId);
        var id = await portal.QueryAsync(db => db.PatientTokens.Where(t => t.Kind == TokenKind.ExternalId && t.Token == token).Select(t => t.PatientId).SingleAsync());
        return (await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(id).GetProfileAsync(staff))!;
    }

    [Fact]
    public async Task A_csv_of_patients_imports_the_good_rows_reports_the_bad_ones_by_line_and_column_and_a_second_run_updates()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var secret = "Zq7SecretValue";
        var csv = $"""
            external_id,full_name,email,date_of_birth,sex,language,postal_code,time_zone,risk_flags,tags,last_visit
            A-{run}-1,Ada Import,ada.{run}@example.test,1961-02-03,female,en,60614,America/Chicago,fall-risk;copd,newsletter,2024-05-06
            A-{run}-2,Bo Import,,1990-12-31,male,es,,,,,
            A-{run}-3,,,1970-01-01,female,,,,,,
            A-{run}-4,Cy {secret},,31/12/1990,female,,,,,,
            A-{run}-5,Di Import,,1980-01-01,robot,,,,,,
            A-{run}-6,Ed Import,,1980-01-01,male,,,,<script>{secret}</script>,,
            A-{run}-1,Ada Again,,1961-02-03,female,,,,,,
            """;
        var batch = CsvImportReader.Read(new StringReader(csv), Today);
        var staff = await StaffAsync();
        var result = await Importer.RunAsync(batch, staff);

        Assert.Equal((7, 2, 0, 5), (result.Rows, result.Created, result.Updated, result.Rejected));
        Assert.Contains(result.Problems, p => p is { Line: 4, Column: "full_name" });
        Assert.Contains(result.Problems, p => p is { Line: 5, Column: "date_of_birth" });
        Assert.Contains(result.Problems, p => p is { Line: 6, Column: "sex" });
        Assert.Contains(result.Problems, p => p is { Line: 7, Column: "risk_flags" });
        Assert.Contains(result.Problems, p => p is { Line: 8, Column: "external_id" });
        Assert.All(result.Problems, p => Assert.DoesNotContain(secret, p.Problem));
        var ada = await ProfileAsync($"A-{run}-1", staff);
        Assert.Equal(("Ada Import", new DateOnly(1961, 2, 3), "606"), (ada.FullName, ada.Details.DateOfBirth!.Value, Coarse.PostalPrefix(ada.Details.PostalCode)));
        Assert.Equal(["fall-risk", "copd"], ada.Details.RiskFlags);
        // The imported address signs in as any other (sealed, found by its token whatever its case).
        Assert.Equal("ada." + run + "@example.test", (await portal.Services.GetRequiredService<Portal.Grains.Identity.AccountEmails>().OfAsync((await portal.AccountByEmailAsync($"ADA.{run}@Example.TEST"))!.Id)));

        // The same patients again, one corrected: updated, not duplicated.
        var again = CsvImportReader.Read(new StringReader($"""
            external_id,full_name,date_of_birth,sex,city
            A-{run}-1,Ada Imported,1961-02-03,female,Evanston
            A-{run}-2,Bo Import,1990-12-31,male,
            """), Today);
        var second = await Importer.RunAsync(again, staff);
        Assert.Equal((0, 2, 0), (second.Created, second.Updated, second.Rejected));
        Assert.Equal(("Ada Imported", "Evanston"), ((await ProfileAsync($"A-{run}-1", staff)).FullName, (await ProfileAsync($"A-{run}-1", staff)).Details.City));
        var index = portal.Services.GetRequiredService<BlindIndex>();
        foreach (var external in new[] { $"A-{run}-1", $"A-{run}-2" })
        {
            var token = await index.TokenAsync(TokenKind.ExternalId, external);
            Assert.Equal(1, await portal.QueryAsync(db => db.PatientTokens.CountAsync(t => t.Kind == TokenKind.ExternalId && t.Token == token)));
        }
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PatientsImported && e.ActorId == staff.UserId)));

        // Someone outside these patients' care team cannot change them by importing their ids.
        var outsider = await StaffAsync();
        var refused = await Importer.RunAsync(CsvImportReader.Read(new StringReader($"external_id,full_name\nA-{run}-1,Someone Else\n"), Today), outsider);
        Assert.Equal((0, 0, 1), (refused.Created, refused.Updated, refused.Rejected));
        Assert.Equal("This patient is not on your care team.", Assert.Single(refused.Problems).Problem);
        Assert.Equal("Ada Imported", (await ProfileAsync($"A-{run}-1", staff)).FullName);
    }

    [Fact]
    public async Task Diagnoses_and_appointments_find_their_patients_and_an_unknown_patient_is_reported()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var staff = await StaffAsync();
        await Importer.RunAsync(CsvImportReader.Read(new StringReader($"external_id,full_name\nD-{run},Dee Diagnosed\n"), Today), staff);
        var diagnoses = await Importer.RunAsync(CsvImportReader.Read(new StringReader($"""
            patient_external_id,system,code,display,recorded
            D-{run},icd10cm,E11.65,Type 2 diabetes with hyperglycemia,2020-01-02
            D-{run},snomed,44054006,Diabetes mellitus type 2,
            D-{run},icd10cm,not-a-code,,
            NOPE-{run},icd10cm,I10,,
            """), Today), staff);
        Assert.Equal(2, diagnoses.Rejected);
        Assert.Contains(diagnoses.Problems, p => p is { Line: 4, Column: "code" });
        Assert.Contains(diagnoses.Problems, p => p is { Line: 5, Column: "patient_external_id" });
        var appointments = await Importer.RunAsync(CsvImportReader.Read(new StringReader($"""
            patient_external_id,appointment_id,start,status,type
            D-{run},APT-1,2031-01-15T09:00:00-06:00,booked,Diabetes review
            D-{run},APT-1,2031-01-15T09:00:00-06:00,confirmed,Diabetes review
            D-{run},APT-2,2031-01-16 09:00,booked,No offset
            """), Today), staff);
        Assert.Contains(appointments.Problems, p => p is { Line: 4, Column: "start" });
        var profile = await ProfileAsync($"D-{run}", staff);
        Assert.Equal(["44054006", "E11.65"], profile.Diagnoses.Select(d => d.Code));
        var appointment = Assert.Single(profile.Appointments);
        Assert.Equal((AppointmentStatus.Confirmed, new DateTime(2031, 1, 15, 15, 0, 0, DateTimeKind.Utc)), (appointment.Status, appointment.StartUtc));
    }

    [Fact]
    public async Task A_fhir_bundle_imports_patients_conditions_appointments_and_encounters_and_skips_and_counts_the_rest()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var bundle = $$$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:p-{{{{run}}}}","resource":{"resourceType":"Patient","id":"p-{{{{run}}}}",
                "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"MRN-{{{{run}}}}"}],
                "name":[{"use":"official","family":"Fhirson","given":["Fay"]}],"gender":"female","birthDate":"1955-07-04",
                "telecom":[{"system":"phone","value":"555-0101"}],"address":[{"line":["1 Main St"],"city":"Boston","postalCode":"02108"}],
                "communication":[{"language":{"coding":[{"code":"en-US"}]}}]}},
              {"resource":{"resourceType":"Condition","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2"}]},"subject":{"reference":"urn:uuid:p-{{{{run}}}}"},"onsetDateTime":"2010-03-01T10:00:00-05:00"}},
              {"resource":{"resourceType":"Condition","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"10509002"}]},"subject":{"reference":"urn:uuid:p-{{{{run}}}}"}}},
              {"resource":{"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10"}]},"subject":{"reference":"Patient/p-{{{{run}}}}"}}},
              {"resource":{"resourceType":"Encounter","status":"finished","subject":{"reference":"urn:uuid:p-{{{{run}}}}"},"period":{"start":"2025-09-01T09:00:00Z","end":"2025-09-01T09:30:00Z"}}},
              {"resource":{"resourceType":"Appointment","id":"apt-{{{{run}}}}","status":"booked","start":"2031-02-01T14:00:00Z","participant":[{"actor":{"reference":"urn:uuid:p-{{{{run}}}}"},"status":"accepted"}]}},
              {"resource":{"resourceType":"Observation","status":"final","code":{"text":"BMI"}}},
              {"resource":{"resourceType":"Observation","status":"final","code":{"text":"BP"}}},
              {"resource":{"resourceType":"Claim","status":"active"}}
            ]}
            """;
        var batch = FhirBundleReader.Read(bundle, Today);
        Assert.Equal(new Dictionary<string, int> { ["Observation"] = 2, ["Claim"] = 1 }, batch.Skipped);
        var staff = await StaffAsync();
        var result = await Importer.RunAsync(batch, staff);
        Assert.Equal((1, 0), (result.Created, result.Rejected));
        var profile = await ProfileAsync($"MRN-{run}", staff);
        Assert.Equal(("Fay Fhirson", AdministrativeSex.Female, "en-US", new DateOnly(2025, 9, 1)), (profile.FullName, profile.Details.Sex, profile.Details.Language, profile.Details.LastVisit!.Value));
        Assert.Equal(["44054006", "I10"], profile.Diagnoses.Select(d => d.Code));
        Assert.Equal(AppointmentStatus.Booked, Assert.Single(profile.Appointments).Status);

        // The same export again updates; nothing is added twice.
        var again = await Importer.RunAsync(FhirBundleReader.Read(bundle, Today), staff);
        Assert.Equal((0, 1), (again.Created, again.Updated));
        Assert.Equal(2, (await ProfileAsync($"MRN-{run}", staff)).Diagnoses.Count);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Bundle\",", "not valid JSON (line 1")]
    [InlineData("{\"resourceType\":\"Patient\",\"id\":\"x\"}", "Expected a Bundle, found Patient")]
    [InlineData("[1,2,3]", "not a FHIR R4 resource")]
    public void Malformed_or_wrong_json_is_refused_with_the_reason(string json, string reason)
    {
        var batch = FhirBundleReader.Read(json, Today);
        Assert.Empty(batch.Patients);
        Assert.Contains(reason, Assert.Single(batch.Problems).Problem);
    }

    [Fact]
    public async Task The_first_thing_a_new_installation_does_may_be_an_import_of_patients_with_addresses()
    {
        // The organisation keys are made at start: made inside the import's transaction, SQLite's single writer refused.
        var fresh = new PortalFactory();
        await ((IAsyncLifetime)fresh).InitializeAsync();
        try
        {
            Assert.Equal(2, await fresh.QueryAsync(db => db.ProtectedKeys.CountAsync(k => k.Purpose == BlindIndex.Purpose || k.Purpose == AccountEmails.KeyPurpose)));
            var staff = new AuditActor((await fresh.CreateAccountAsync(PortalRoles.Staff, enrolTotp: false)).Id, PortalRoles.Staff, null);
            var batch = CsvImportReader.Read(new StringReader("external_id,full_name,email\nNEW-1,Nia New,nia.new@clinic.example\n"), Today);
            var result = await fresh.Services.GetRequiredService<PatientImporter>().RunAsync(batch, staff);
            Assert.Equal((1, 0), (result.Created, result.Rejected));
        }
        finally
        {
            await ((IAsyncLifetime)fresh).DisposeAsync();
        }
    }

    [Fact]
    public async Task Staff_upload_a_file_and_its_page_shows_the_finished_report()
    {
        var staffAccount = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staffAccount);
        var run = Guid.NewGuid().ToString("N")[..8];
        var file = Encoding.UTF8.GetBytes($"external_id,full_name,date_of_birth\nW-{run}-1,Wes Web,1977-07-07\nW-{run}-2,,1977-07-07\n");
        var response = await client.PostFileAsync("/staff/import", "file", "patients.csv", file, "/staff/import");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = response.Headers.Location!.OriginalString;
        string html = "";
        for (var i = 0; i < 100 && !html.Contains("Done:"); i++)
        {
            await Task.Delay(100);
            html = await client.GetPageAsync(page);
        }
        Assert.Contains("Done: 1 patients added, 0 updated, 1 rows refused.", html);
        Assert.Contains("<code>full_name</code>", html);
        // Another staff member cannot open someone else's import.
        using var other = portal.NewClient();
        await other.SignInAsync(await portal.CreateStaffAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
    }
}
