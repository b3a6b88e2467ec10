using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>A patient reads and e-signs the marketing authorisation in the browser, changes what they may be emailed
/// about and revokes the authorisation; axe-core checks the preferences page and the authorisation form.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class PreferencesJourneyTests(PortalProcess portal)
{
    private static Task NextTotpStepAsync() => Task.Delay(TimeSpan.FromMilliseconds((30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30) * 1000 + 300));

    [Fact]
    public async Task A_patient_signs_the_marketing_authorisation_sets_preferences_and_revokes_it()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/preferences");
        await NextTotpStepAsync();
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["patient1@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Communication preferences" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the preferences page");
        await Browser.ScreenshotAsync(page, "preferences-1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Read the authorisation and decide" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Your care does not depend on this")).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the authorisation form");
        await Browser.ScreenshotAsync(page, "preferences-2-authorisation");
        foreach (var box in await page.GetByRole(AriaRole.Checkbox).AllAsync())
            await box.CheckAsync();
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next" });
        if (await next.CountAsync() > 0) await next.ClickAsync();
        await page.GetByLabel("Type your full name").FillAsync("Pat One");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cannot be changed");

        await page.GotoAsync(portal.BaseUrl + "/preferences");
        await Assertions.Expect(page.GetByText("You authorised us")).ToBeVisibleAsync();
        await page.GetByLabel("News about our services and programmes (marketing)").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your preferences are saved.");
        await Assertions.Expect(page.GetByLabel("News about our services and programmes (marketing)")).Not.ToBeCheckedAsync();
        await Browser.ScreenshotAsync(page, "preferences-3-saved");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke my authorisation" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your authorisation is revoked");
        await Assertions.Expect(page.GetByText("revoked", new() { Exact = false }).Last).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the preferences page after revoking");
        await Browser.ScreenshotAsync(page, "preferences-4-revoked");
    }

    [Fact]
    public async Task The_import_page_shows_a_finished_report_and_passes_axe()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/staff/import");
        await NextTotpStepAsync();
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["staff@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import patients" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the import page");
        var csv = "external_id,full_name,date_of_birth,sex\nE2E-1,Eve Import,1970-01-01,female\nE2E-2,,1970-01-01,robot\n";
        await page.GetByLabel("CSV file or FHIR R4 bundle (JSON), up to 50 MB").SetInputFilesAsync(new FilePayload { Name = "patients.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Done: 1 patients added, 0 updated, 1 rows refused.", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "full_name" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the import report");
        await Browser.ScreenshotAsync(page, "import-1-report");
    }
}
