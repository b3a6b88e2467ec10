using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Grains.Audience;
using Portal.Grains.Audit;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Audience;

/// <summary>The care team edits a patient's profile in the browser's forms; the patient sees their own details and
/// appointments in their time zone; bad input is refused with the form kept and nothing stored changed.</summary>
[Collection(PortalCollection.Name)]
public sealed class ProfilePageTests(PortalFactory portal)
{
    private static Dictionary<string, string> Details(string name, string postal = "60614") => new()
    {
        ["Form.FullName"] = name, ["Form.DateOfBirth"] = "1958-04-02", ["Form.Sex"] = "1", ["Form.Language"] = "es",
        ["Form.Phone"] = "+1 312 555 0100", ["Form.AddressLine"] = "5 Lake Shore Dr", ["Form.City"] = "Chicago", ["Form.PostalCode"] = postal,
        ["Form.TimeZone"] = "America/Chicago", ["Form.RecordNumber"] = "MRN-77", ["Form.RiskFlags"] = "fall-risk", ["Form.Tags"] = "newsletter, diabetes-program",
        ["Form.LastVisit"] = "2025-10-01",
    };

    [Fact]
    public async Task Staff_edit_details_diagnoses_and_appointments_and_the_patient_sees_theirs()
    {
        var staffAccount = await portal.TeamStaffAsync();
        var patient = await portal.CreatePatientAsync("Marta Perez", staffAccount.Id);
        using var staff = portal.NewClient();
        await staff.SignInAsync(staffAccount);
        var page = $"/staff/patients/{patient.Id}/profile";
        Assert.Contains("Profile of Marta Perez", await staff.GetPageAsync(page));

        var saved = await staff.PostFormAsync($"{page}?handler=Details", Details("Marta Pérez"), page);
        Assert.Contains("Profile saved.", await FollowAsync(staff, saved));
        var added = await staff.PostFormAsync($"{page}?handler=AddDiagnosis", new Dictionary<string, string> { ["system"] = "Icd10Cm", ["code"] = "E11.9", ["display"] = "Type 2 diabetes" }, page);
        Assert.Contains("Diagnosis added.", await FollowAsync(staff, added));
        var booked = await staff.PostFormAsync($"{page}?handler=Appointment", new Dictionary<string, string>
            { ["start"] = "2031-03-10T09:30", ["status"] = "1", ["type"] = "Diabetes review", ["location"] = "North clinic", ["clinician"] = "Dr Osei" }, page);
        var html = await FollowAsync(staff, booked);
        Assert.Contains("Appointment saved.", html);
        Assert.Contains("2031-03-10 09:30", html); // shown back in the patient's zone
        var stored = await portal.QueryAsync(db => db.Appointments.SingleAsync(a => a.PatientId == patient.Id));
        Assert.Equal(new DateTime(2031, 3, 10, 14, 30, 0, DateTimeKind.Utc), stored.StartUtc); // 09:30 in Chicago (CDT) is 14:30 UTC

        // The patient's page shows the profile at a glance.
        var record = WebUtility.HtmlDecode(await staff.GetPageAsync($"/staff/patients/{patient.Id}"));
        Assert.Contains("E11.9 Type 2 diabetes", record);
        Assert.Contains("2031-03-10 09:30 (America/Chicago), Diabetes review", record);
        Assert.Contains("not authorised", record);

        using var own = portal.NewClient();
        await own.SignInAsync(patient);
        var mine = WebUtility.HtmlDecode(await own.GetPageAsync("/profile"));
        Assert.Contains("Marta Pérez", mine);
        Assert.Contains("2 April 1958", mine);
        Assert.Contains("Monday 10 March 2031, 09:30", mine);
        Assert.DoesNotContain("E11.9", mine); // diagnoses and risk flags are for the care team
        Assert.DoesNotContain("fall-risk", mine);
        Assert.Contains("/account/denied", (await own.GetAsync(page)).Headers.Location!.OriginalString);

        // By name, after the correction: the search tokens followed it.
        var index = portal.Services.GetRequiredService<BlindIndex>();
        var token = await index.TokenAsync(TokenKind.NameWord, "perez");
        Assert.True(await portal.QueryAsync(db => db.PatientTokens.AnyAsync(t => t.PatientId == patient.Id && t.Token == token)));
    }

    // A change answers with a redirect to the page (so a reload does not post again); the page then says what happened.
    private static async Task<string> FollowAsync(PortalClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetPageAsync(response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Bad_input_is_refused_the_form_keeps_it_and_the_stored_profile_is_unchanged()
    {
        var staffAccount = await portal.TeamStaffAsync();
        var patient = await portal.CreatePatientAsync("Omar Haddad", staffAccount.Id);
        using var staff = portal.NewClient();
        await staff.SignInAsync(staffAccount);
        var page = $"/staff/patients/{patient.Id}/profile";
        await staff.PostFormAsync($"{page}?handler=Details", Details("Omar Haddad"), page);

        var refused = await staff.PostFormAsync($"{page}?handler=Details", Details("Omar Haddad", postal: "<script>"), page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("postal code may hold", html);
        Assert.Contains("&lt;script&gt;", html); // kept in the form, encoded
        Assert.DoesNotContain("<script>", html);
        var badCode = await staff.PostFormAsync($"{page}?handler=AddDiagnosis", new Dictionary<string, string> { ["system"] = "Icd10Cm", ["code"] = "diabetes" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCode.StatusCode);

        var profile = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(patient.Id).GetProfileAsync(await portal.TeamStaffActorAsync());
        Assert.Equal("60614", profile!.Details.PostalCode);
        Assert.Empty(profile.Diagnoses);
    }

    [Fact]
    public async Task Staff_outside_the_care_team_are_sent_to_emergency_access_and_nothing_is_shown()
    {
        var patient = await portal.CreatePatientAsync("Lena Novak", (await portal.TeamStaffAsync()).Id);
        using var outsider = portal.NewClient();
        await outsider.SignInAsync(await portal.CreateStaffAsync());
        var response = await outsider.GetAsync($"/staff/patients/{patient.Id}/profile");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/staff/patients/{patient.Id}/emergency-access", response.Headers.Location!.ToString());
    }
}
