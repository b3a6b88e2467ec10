using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web.Audience;

/// <summary>The segment builder over HTTP: only marketers open it; the live count refuses a bad rule with where it
/// is wrong, and never gives a count small enough to single someone out; saving is audited.</summary>
[Collection(PortalCollection.Name)]
public sealed class SegmentPageTests(PortalFactory portal)
{
    private static Dictionary<string, string> Rule(string field, string values, string name = "") => new()
    {
        ["Form.Name"] = name, ["Form.Groups[0].Join"] = "All",
        ["Form.Groups[0].Conditions[0].Field"] = field, ["Form.Groups[0].Conditions[0].Values"] = values,
        ["Form.Groups[0].Conditions[0].System"] = "Icd10Cm",
    };

    [Fact]
    public async Task Only_marketers_open_the_builder()
    {
        foreach (var role in new[] { PortalRoles.Staff, PortalRoles.Admin, PortalRoles.Patient })
        {
            using var client = portal.NewClient();
            await client.SignInAsync(role == PortalRoles.Patient ? await portal.CreatePatientAsync() : await portal.CreateAccountAsync(role));
            var response = await client.GetAsync("/marketing/segments/new");
            Assert.Contains("/account/denied", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task The_live_count_refuses_a_bad_rule_hides_small_counts_and_saving_is_audited()
    {
        using var marketer = portal.NewClient();
        var account = await portal.CreateAccountAsync(PortalRoles.Marketer);
        await marketer.SignInAsync(account);
        Assert.Contains("New segment", await marketer.GetPageAsync("/marketing/segments/new"));

        var bad = await marketer.PostFormAsync("/marketing/segments/new?handler=Count", Rule("Diagnosis", "<img src=x>"), "/marketing/segments/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("condition 1: ICD-10-CM codes", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("problem").GetString());

        // A code no one has: not "0 patients", which would tell as much as "1".
        var none = await marketer.PostFormAsync("/marketing/segments/new?handler=Count", Rule("Diagnosis", "Q99.8"), "/marketing/segments/new");
        Assert.Equal("Fewer than 11 patients", JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetString());
        var preview = await marketer.PostFormAsync("/marketing/segments/new?handler=Preview", Rule("Diagnosis", "Q99.8"), "/marketing/segments/new");
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Fewer than 11 patients", html);
        Assert.DoesNotContain("Patient 1", html); // no sample of a small segment

        var name = $"Rare {Guid.NewGuid():N}"[..20];
        var saved = await marketer.PostFormAsync("/marketing/segments/new?handler=Save", Rule("Diagnosis", "Q99.8", name), "/marketing/segments/new");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(name, await marketer.GetPageAsync("/marketing/segments"));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SegmentSaved && e.ActorId == account.Id)));
    }
}
