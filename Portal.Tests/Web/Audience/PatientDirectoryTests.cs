using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Outbox;
using Portal.Grains.Audience.Import;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Audience;

/// <summary>Staff find their patients by name, email, date of birth or record number (blind-index tokens: names are
/// encrypted), page through them, and add a patient with an invitation; the search never travels in a URL.</summary>
[Collection(PortalCollection.Name)]
public sealed class PatientDirectoryTests(PortalFactory portal)
{
    [Fact]
    public async Task Staff_page_through_their_patients_and_find_one_by_each_kind_of_search_and_see_no_one_elses()
    {
        var staffAccount = await portal.CreateStaffAsync();
        var staff = new AuditActor(staffAccount.Id, PortalRoles.Staff, "203.0.113.7");
        var run = Guid.NewGuid().ToString("N")[..6];
        var csv = "external_id,full_name,email,date_of_birth,record_number\n" + string.Join("\n", Enumerable.Range(0, 120).Select(i =>
            $"S-{run}-{i},{(i == 77 ? "María-José O'Neil" : $"Pat Number{i}")},{(i == 77 ? $"mj.{run}@example.test" : "")},{(i == 77 ? "1966-06-16" : "1980-01-01")},MRN-{run}-{i}"));
        var result = await portal.Services.GetRequiredService<PatientImporter>().RunAsync(CsvImportReader.Read(new StringReader(csv), DateOnly.FromDateTime(DateTime.UtcNow)), staff);
        Assert.Equal(120, result.Created);
        var someoneElses = await portal.CreatePatientAsync("María Elsewhere");

        var directory = portal.Services.GetRequiredService<IPatientDirectory>();
        var seen = new List<Guid>();
        Guid? after = null;
        do
        {
            var page = await directory.FindAsync(staff, null, after, 50);
            Assert.InRange(page.Patients.Count, 1, 50);
            seen.AddRange(page.Patients.Select(p => p.PatientId));
            after = page.Next;
        } while (after is not null);
        Assert.Equal(120, seen.Distinct().Count());
        Assert.Equal(seen.ToHashSet(), (await directory.AllIdsAsync(staff)).ToHashSet());
        Assert.DoesNotContain(someoneElses.Id, seen);

        foreach (var search in new[] { "maria", "O'NEIL MARIA", "jose", $"mj.{run}@EXAMPLE.test", "1966-06-16", $"mrn-{run}-77" })
        {
            var found = await directory.FindAsync(staff, search, null);
            Assert.Equal("María-José O'Neil", Assert.Single(found.Patients).FullName);
        }
        Assert.Empty((await directory.FindAsync(staff, "maria elsewhere", null)).Patients);

        // Over HTTP the search is posted: the page's links carry no search term.
        using var client = portal.NewClient();
        await client.SignInAsync(staffAccount);
        var response = await client.PostFormAsync("/staff", new Dictionary<string, string> { ["q"] = "o'neil" }, "/staff");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("María-José O'Neil", html);
        Assert.DoesNotContain("Pat Number", html);
        Assert.DoesNotMatch("href=\"[^\"]*neil", html.ToLowerInvariant());
        var list = await client.GetPageAsync("/staff");
        Assert.Contains("Next 50 patients", list);
    }

    [Fact]
    public async Task Staff_add_a_patient_who_gets_an_invitation_and_bad_input_is_refused()
    {
        var staffAccount = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staffAccount);
        var refused = await client.PostFormAsync("/staff/patients/new", new Dictionary<string, string> { ["FullName"] = "Ines New", ["Invite"] = "true" }, "/staff/patients/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("An invitation needs the patient", await refused.Content.ReadAsStringAsync());

        var email = $"ines.{Guid.NewGuid():N}"[..18] + "@example.test";
        var added = await client.PostFormAsync("/staff/patients/new", new Dictionary<string, string>
            { ["FullName"] = "Ines New", ["Email"] = email, ["DateOfBirth"] = "1988-08-08", ["RecordNumber"] = "MRN-NEW-1", ["Invite"] = "true" }, "/staff/patients/new");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await client.GetPageAsync(added.Headers.Location!.OriginalString);
        Assert.Contains("Patient added to your care team.", page);
        Assert.Contains("Ines New", page);
        var mail = await portal.Smtp.WaitForAsync(m => m.To.ToString().Contains(email));
        Assert.Contains("/account/accept-invitation?user=", mail.TextBody);
        Assert.DoesNotContain("Ines", mail.TextBody); // no name in the mail

        var duplicate = await client.PostFormAsync("/staff/patients/new", new Dictionary<string, string> { ["FullName"] = "Ines Again", ["Email"] = email }, "/staff/patients/new");
        Assert.Contains("already exists", await duplicate.Content.ReadAsStringAsync());
    }
}
