using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Audience;

/// <summary>The profile grain: the care team keeps a profile, diagnoses and appointments; the patient reads their own;
/// nothing identifying reaches the database in clear; tokens follow the codes; erasure leaves nothing behind.</summary>
[Collection(PortalCollection.Name)]
public sealed class PatientProfileTests(PortalFactory portal)
{
    private IPatientProfileGrain Grain(Guid id) => portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(id);

    private IDbContextFactory<PortalDbContext> Db => portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private static AuditActor PatientActor(Guid id) => new(id, PortalRoles.Patient, "203.0.113.7");

    private static ProfileDetails Details(string marker) => new()
    {
        DateOfBirth = new DateOnly(1961, 3, 14), Sex = AdministrativeSex.Female, Language = "es-MX", Phone = "+1 312 555 0142",
        AddressLine = $"12 {marker} Street", City = "Chicago", PostalCode = "60614", TimeZone = "America/Chicago",
        RecordNumber = $"MRN-{marker}", RiskFlags = [$"Fall{marker}", "high-bmi"], Tags = ["newsletter", "Newsletter "], LastVisit = new DateOnly(2025, 11, 2),
    };

    [Fact]
    public async Task Staff_keep_the_profile_the_patient_reads_it_and_no_one_else_does()
    {
        var marker = $"Qz{Guid.NewGuid():N}"[..12];
        var patient = await portal.CreatePatientAsync($"Rosa {marker}", (await portal.TeamStaffAsync()).Id);
        var staff = await portal.TeamStaffActorAsync();
        var grain = Grain(patient.Id);

        Assert.Null(await grain.UpdateProfileAsync(null, Details(marker), staff));
        Assert.Null(await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, "e11.65", "Type 2 diabetes with hyperglycemia", new DateOnly(2019, 5, 1)), staff));
        Assert.Null(await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, "E11.65"), staff)); // the same code is kept once
        Assert.Null(await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.SnomedCt, "44054006", "Diabetes mellitus type 2"), staff));
        var start = DateTime.UtcNow.AddDays(3).Date.AddHours(15);
        Assert.Null(await grain.SaveAppointmentAsync(new AppointmentUpdate(start, AppointmentStatus.Booked, "North clinic", "Diabetes review", "Dr Osei", "A-1"), staff));
        Assert.Null(await grain.SaveAppointmentAsync(new AppointmentUpdate(start, AppointmentStatus.Confirmed, "North clinic", "Diabetes review", "Dr Osei", "A-1"), staff)); // updates A-1

        var own = await grain.GetProfileAsync(PatientActor(patient.Id));
        Assert.NotNull(own);
        Assert.Equal($"Rosa {marker}", own.FullName);
        Assert.Equal(new DateOnly(1961, 3, 14), own.Details.DateOfBirth);
        Assert.Equal(["newsletter"], own.Details.Tags);
        Assert.Equal(["44054006", "e11.65"], own.Diagnoses.Select(d => d.Code));
        var appointment = Assert.Single(own.Appointments);
        Assert.Equal((AppointmentStatus.Confirmed, "Dr Osei"), (appointment.Status, appointment.Clinician));

        // Another patient, and staff outside the care team, are refused and audited; a patient cannot edit.
        var other = await portal.CreatePatientAsync();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.GetProfileAsync(PatientActor(other.Id)));
        var outsider = new AuditActor((await portal.CreateStaffAsync()).Id, PortalRoles.Staff, null);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.GetProfileAsync(outsider));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => grain.UpdateProfileAsync(null, new ProfileDetails(), PatientActor(patient.Id)));
        await using (var db = await Db.CreateDbContextAsync())
        {
            Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.PatientId == patient.Id && e.Outcome == AuditOutcomes.Denied));
            var row = await db.PatientProfiles.AsNoTracking().SingleAsync(p => p.PatientId == patient.Id);
            Assert.Equal((1961, AdministrativeSex.Female, "es-mx", "606", "America/Chicago"), (row.BirthYear, row.Sex, row.Language, row.PostalPrefix, row.TimeZone));
        }
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_field_named_and_nothing_stored_changes()
    {
        var patient = await portal.CreatePatientAsync(careTeam: (await portal.TeamStaffAsync()).Id);
        var staff = await portal.TeamStaffActorAsync();
        var grain = Grain(patient.Id);
        Assert.Null(await grain.UpdateProfileAsync(null, Details("ok"), staff));
        var secret = "Zq-secret-value-1";
        foreach (var (details, expected) in new (ProfileDetails, string)[]
        {
            (Details("ok") with { DateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)) }, "date of birth"),
            (Details("ok") with { Language = "<script>" }, "language"),
            (Details("ok") with { Phone = $"call {secret}" }, "phone"),
            (Details("ok") with { TimeZone = "Mars/Olympus" }, "time zone"),
            (Details("ok") with { RecordNumber = $"{secret}\r\nX" }, "record number"),
            (Details("ok") with { Tags = ["<b>x</b>"] }, "tag"),
            (Details("ok") with { RiskFlags = [.. Enumerable.Range(0, 51).Select(i => $"f{i}")] }, "risk flag"),
        })
        {
            var problem = await grain.UpdateProfileAsync(null, details, staff);
            Assert.NotNull(problem);
            Assert.Contains(expected, problem);
            Assert.DoesNotContain(secret, problem);
        }
        Assert.Contains("ICD-10-CM", await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, "diabetes"), staff));
        Assert.Contains("SNOMED", await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.SnomedCt, "12a"), staff));
        Assert.Contains("status", await grain.SaveAppointmentAsync(new AppointmentUpdate(DateTime.UtcNow, (AppointmentStatus)99), staff));

        var profile = await grain.GetProfileAsync(staff);
        Assert.Equal("MRN-ok", profile!.Details.RecordNumber);
        Assert.Empty(profile.Diagnoses);
        Assert.Empty(profile.Appointments);
    }

    [Fact]
    public async Task Diagnosis_tokens_cover_each_code_prefix_and_a_shared_category_stays_while_one_code_has_it()
    {
        var patient = await portal.CreatePatientAsync(careTeam: (await portal.TeamStaffAsync()).Id);
        var staff = await portal.TeamStaffActorAsync();
        var grain = Grain(patient.Id);
        var index = portal.Services.GetRequiredService<BlindIndex>();
        await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, "E11.9"), staff);
        await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, "E11.65"), staff);

        async Task<bool> HasAsync(string code)
        {
            var token = await index.DiagnosisQueryTokenAsync(CodeSystem.Icd10Cm, code);
            await using var db = await Db.CreateDbContextAsync();
            return await db.PatientTokens.AnyAsync(t => t.PatientId == patient.Id && t.Token == token);
        }
        Assert.True(await HasAsync("E11"));
        Assert.True(await HasAsync("e11.6"));
        Assert.True(await HasAsync("E119"));
        Assert.False(await HasAsync("E10"));

        var e119 = (await grain.GetProfileAsync(staff))!.Diagnoses.Single(d => d.Code == "E11.9");
        Assert.True(await grain.RemoveDiagnosisAsync(e119.Id, staff));
        Assert.False(await HasAsync("E11.9"));
        Assert.True(await HasAsync("E11"));
    }

    [Fact]
    public async Task A_copy_of_the_database_holds_no_diagnosis_code_name_email_address_or_record_number_and_erasure_leaves_nothing()
    {
        var marker = $"Qv{Guid.NewGuid():N}"[..12];
        var code = $"X9{(char)('A' + Random.Shared.Next(26))}.{Random.Shared.Next(1000, 9999)}";
        var patient = await portal.CreatePatientAsync($"Ines {marker}", (await portal.TeamStaffAsync()).Id);
        var staff = await portal.TeamStaffActorAsync();
        var grain = Grain(patient.Id);
        Assert.Null(await grain.UpdateProfileAsync(null, Details(marker), staff));
        Assert.Null(await grain.AddDiagnosisAsync(new NewDiagnosis(CodeSystem.Icd10Cm, code, $"Display {marker}"), staff));
        Assert.Null(await grain.SaveAppointmentAsync(new AppointmentUpdate(DateTime.UtcNow.AddDays(1), AppointmentStatus.Booked, $"Clinic {marker}", "Review", $"Dr {marker}"), staff));

        var needles = new[] { marker, code, BlindIndex.NormaliseCode(code), "555 0142", patient.Email, patient.Email.Split('@')[0], patient.Email.ToUpperInvariant() };
        foreach (var file in await portal.Database.StorageFilesAsync())
        {
            var bytes = await TestDatabase.ReadStorageFileAsync(file);
            foreach (var needle in needles)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0, $"{Path.GetFileName(file)} holds {needle} in clear (UTF-8)");
                Assert.False(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0, $"{Path.GetFileName(file)} holds {needle} in clear (UTF-16)");
            }
        }

        var admin = new AuditActor((await portal.CreateAccountAsync(PortalRoles.Admin)).Id, PortalRoles.Admin, null);
        Assert.True(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id).EraseRecordAsync(admin));
        await using var db = await Db.CreateDbContextAsync();
        Assert.False(await db.PatientProfiles.AnyAsync(p => p.PatientId == patient.Id));
        Assert.False(await db.PatientTokens.AnyAsync(t => t.PatientId == patient.Id));
        Assert.False(await db.PatientDiagnoses.AnyAsync(d => d.PatientId == patient.Id));
        Assert.False(await db.Appointments.AnyAsync(a => a.PatientId == patient.Id));
        Assert.Null(await grain.GetProfileAsync(staff));
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == patient.Id);
        Assert.Equal((null, null), (account.Email, account.NormalizedEmail));
        Assert.Null(await portal.AccountByEmailAsync(patient.Email));
    }
}
