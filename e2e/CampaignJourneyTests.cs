using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// A marketer takes the demo's draft flu campaign by keyboard alone (axe-checked at each step): a PHI field put in
/// the subject is flagged beside it and blocks the launch, fixed; the preview and a test send; the launch and the
/// progress bar to the end. The sent mail is read as a patient would, with its footer and one-click unsubscribe, and
/// its call to action lands on the portal content after sign-in.
/// </summary>
[Collection(PortalProcessCollection.Name)]
public sealed partial class CampaignJourneyTests(PortalProcess portal)
{
    private const string Subject = "Your flu vaccine is ready";

    [Fact]
    public async Task A_marketer_fixes_previews_tests_launches_and_watches_a_campaign_and_a_patient_follows_its_call_to_action()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/marketing/campaigns");
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["marketer@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Campaigns", Exact = true })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the campaigns list");

        await page.GetByRole(AriaRole.Link, new() { Name = "Flu season 2026" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Flu season 2026" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Everything checks out.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".segment-count")).ToContainTextAsync(ReachesPattern());
        await Browser.CheckAccessibilityAsync(page, "a draft campaign");
        await Browser.ScreenshotAsync(page, "campaign-1-draft");

        // The patient's name in the subject: flagged beside the subject, and the launch is gone until it is fixed.
        await SaveSubjectAsync(page, "{{ patient.first_name }}, your flu vaccine is ready");
        await Assertions.Expect(page.Locator("li.lint-error")).ToContainTextAsync("Fix (subject): {{ patient.first_name }} is patient data");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Launch to") })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the draft" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#lint-subject")).ToContainTextAsync("is patient data");
        await Browser.CheckAccessibilityAsync(page, "the campaign editor with a finding");
        await Browser.ScreenshotAsync(page, "campaign-2-editor-finding");
        await page.GoBackAsync();
        await SaveSubjectAsync(page, Subject);
        await Assertions.Expect(page.GetByText("Everything checks out.")).ToBeVisibleAsync();

        // The preview as the sample patient, as a mail client shows it.
        var preview = await page.Context.NewPageAsync();
        await preview.GotoAsync(page.Url.Split('?')[0] + "?handler=Preview");
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "This season's flu vaccine is here" })).ToBeVisibleAsync();
        await Assertions.Expect(preview.GetByText("Hello Alex,")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(preview, "campaign-3-preview");
        await preview.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test sent");

        var launch = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Launch to") });
        await launch.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Launched");
        await Assertions.Expect(page.Locator("#campaign-percent")).ToHaveTextAsync("100", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Sent", new() { Timeout = 10_000 });
        await Browser.CheckAccessibilityAsync(page, "a sent campaign");
        await Browser.ScreenshotAsync(page, "campaign-4-progress");

        // A patient's copy, read as they would: the HTML part, the footer, the one-click unsubscribe, no name in clear.
        var mailPage = await (await browser.NewContextAsync()).NewPageAsync();
        await mailPage.GotoAsync(portal.BaseUrl + "/dev/mail");
        var row = mailPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "demo-patient-" }).Filter(new() { HasText = Subject }).First;
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(mailPage.Locator("pre.mail")).ToContainTextAsync("Hello there,");
        await Assertions.Expect(mailPage.Locator("pre.mail")).ToContainTextAsync("1 Example Street, Springfield");
        await Assertions.Expect(mailPage.GetByText("List-Unsubscribe:")).ToBeVisibleAsync();
        var cta = await mailPage.Locator("a.mail-link").Filter(new() { HasTextRegex = new Regex("/messages$") }).First.GetAttributeAsync("href");
        await mailPage.GetByRole(AriaRole.Link, new() { Name = "Open the HTML part" }).ClickAsync();
        await Assertions.Expect(mailPage.GetByRole(AriaRole.Link, new() { Name = "Sign in to read more and book" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(mailPage, "campaign-5-mail");

        // The call to action asks for sign-in and lands on the content.
        var patientPage = await (await browser.NewContextAsync()).NewPageAsync();
        await patientPage.GotoAsync(cta!);
        await Assertions.Expect(patientPage.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await SignIn.WithPasswordAndCodeAsync(patientPage, portal.Accounts["patient1@portal.localhost"]);
        await Assertions.Expect(patientPage).ToHaveURLAsync(new Regex("/messages$"));
    }

    private static async Task SaveSubjectAsync(IPage page, string subject)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the draft" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByLabel("Subject", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(subject);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved.");
    }

    [GeneratedRegex(@"Reaches [\d,]+ patients")]
    private static partial Regex ReachesPattern();
}
