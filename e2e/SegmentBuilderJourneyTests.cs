using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>A marketer builds "type 2 diabetes, 45 or older, no visit in a year" by keyboard alone over the demo's
/// made-up patients, watches the live count, previews a pseudonymous sample and saves it; axe-core checks each
/// step. Staff see a patient's profile page.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed partial class SegmentBuilderJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task A_marketer_builds_a_three_condition_segment_by_keyboard_and_sees_its_count()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/");
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["marketer@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Segments", Exact = true })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the segments list");

        await page.GetByRole(AriaRole.Link, new() { Name = "New segment" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New segment" })).ToBeVisibleAsync();
        await page.GetByLabel("Segment name").FocusAsync();
        await page.Keyboard.TypeAsync("Lapsed diabetics 45+");

        // Condition 1 starts as a diagnosis: type the code.
        await page.GetByLabel("Codes or prefixes, such as E11, I10").FocusAsync();
        await page.Keyboard.TypeAsync("E11");
        // Condition 2: age, youngest 45.
        await AddConditionAsync(page, 2, "Age", "Age");
        await page.GetByLabel("Youngest (years)").FocusAsync();
        await page.Keyboard.TypeAsync("45");
        // Condition 3: no visit in the last 365 days.
        await AddConditionAsync(page, 3, "Last", "LastVisit");
        await page.GetByLabel("No visit in the last (days)").FocusAsync();
        await page.Keyboard.TypeAsync("365");
        await page.Keyboard.PressAsync("Tab");

        var live = page.Locator("#live-count");
        await Assertions.Expect(live).ToHaveTextAsync(CountText(), new() { Timeout = 10_000 });
        var liveCount = await live.InnerTextAsync();
        await Browser.CheckAccessibilityAsync(page, "the segment builder");
        await Browser.ScreenshotAsync(page, "segment-1-builder");

        await page.GetByRole(AriaRole.Button, new() { Name = "Count and show a sample" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Patient 1");
        Assert.Equal(liveCount, await page.Locator("#live-count").InnerTextAsync());
        var sample = await page.GetByRole(AriaRole.Table).InnerTextAsync();
        Assert.DoesNotMatch(new Regex(@"[A-Z][a-z]+ (Garcia|Smith|Nguyen|Okafor|Kowalski|Haddad|Patel|Johnson|Lopez|Chen|Novak|Mensah|Brown|Silva)"), sample);
        await Assertions.Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Browser.CheckAccessibilityAsync(page, "the segment preview");
        await Browser.ScreenshotAsync(page, "segment-2-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Segment saved.");
        await page.GotoAsync(portal.BaseUrl + "/marketing/segments");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lapsed diabetics 45+" })).ToContainTextAsync(liveCount);
        await Browser.ScreenshotAsync(page, "segment-3-list");

        // A marketer opens no patient record.
        var record = await page.GotoAsync(portal.BaseUrl + "/staff");
        Assert.Contains("/account/denied", record!.Url);
    }

    [Fact]
    public async Task Staff_see_and_edit_a_patients_profile_and_the_page_passes_axe()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/staff");
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["staff@portal.localhost"]);
        await page.GetByLabel("Find a patient").FillAsync("Pat One");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Pat One", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the profile, diagnoses and appointments" }).ClickAsync();
        await page.GetByLabel("Date of birth").FillAsync("1970-05-17");
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Profile saved.");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("I10");
        await page.GetByLabel("Description (optional)").FillAsync("Essential hypertension");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add diagnosis" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Essential hypertension" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the staff profile page");
        await Browser.ScreenshotAsync(page, "profile-1-staff");
    }

    private static async Task AddConditionAsync(IPage page, int number, string typed, string field)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a condition", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var select = page.GetByRole(AriaRole.Group, new() { Name = $"Condition {number}" }).GetByLabel("Field");
        await select.FocusAsync();
        await page.Keyboard.TypeAsync(typed); // the select's type-ahead (a space would open its list)
        await Assertions.Expect(select).ToHaveValueAsync(field);
    }

    [GeneratedRegex(@"^(\d[\d,]* patients|Fewer than 11 patients)$")]
    private static partial Regex CountText();
}
