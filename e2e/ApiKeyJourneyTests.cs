using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>An admin creates an API key by keyboard (axe-checked, shown once); another system then posts a FHIR bundle
/// with it to the running product over plain HTTP and reads the finished import report.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class ApiKeyJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task An_admin_creates_a_key_by_keyboard_and_a_system_imports_a_fhir_bundle_with_it()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/admin/api-keys");
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["admin@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Exact = true })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the API keys page");

        await page.GetByLabel("Name (the system that will use it)").FocusAsync();
        await page.Keyboard.TypeAsync("EHR nightly export");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space"); // the import scope
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Acts as")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Dr. Sam"); // picks the staff member by typing
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create key" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your new key" })).ToBeVisibleAsync();
        var key = await page.Locator("#issued-key").InnerTextAsync();
        Assert.StartsWith("ptl_", key);
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "EHR nightly export" })).ToContainTextAsync("Dr. Sam Staff");
        await Browser.CheckAccessibilityAsync(page, "the API keys page with a new key");
        await Browser.ScreenshotAsync(page, "api-1-new-key");
        await page.GotoAsync(portal.BaseUrl + "/admin/api-keys"); // a fresh GET: reloading would post the form again
        Assert.DoesNotContain(key, await page.ContentAsync());

        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var run = Guid.NewGuid().ToString("N")[..8];
        var bundle = $$$$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:e2e-{{{{run}}}}","resource":{"resourceType":"Patient","id":"e2e-{{{{run}}}}","name":[{"family":"Endtoend","given":["Eve"]}],"birthDate":"1970-01-01"}},
              {"resource":{"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10"}]},"subject":{"reference":"urn:uuid:e2e-{{{{run}}}}"}}}
            ]}
            """;
        var accepted = await http.PostAsync("/api/v1/patients/import", new StringContent(bundle, Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        JsonElement report = default;
        for (var i = 0; i < 100; i++)
        {
            report = JsonDocument.Parse(await http.GetStringAsync(accepted.Headers.Location)).RootElement;
            if (report.GetProperty("status").GetString() != "running") break;
            await Task.Delay(200);
        }
        Assert.Equal(("done", 1), (report.GetProperty("status").GetString(), report.GetProperty("created").GetInt32()));

        // The page shows when the key was last used.
        await page.GotoAsync(portal.BaseUrl + "/admin/api-keys"); // a fresh GET: reloading would post the form again
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "EHR nightly export" })).Not.ToContainTextAsync("never");
        await Browser.ScreenshotAsync(page, "api-2-key-used");
    }
}
