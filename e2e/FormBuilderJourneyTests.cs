using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Staff build a two-page form with a condition by keyboard and clicks, preview it as a patient would, and publish it.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class FormBuilderJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task Staff_build_preview_and_publish_a_two_page_form_with_a_condition()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/");
        await SignInAsync(page, portal.Accounts["staff@portal.localhost"]);

        // The library: create a form.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Forms" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forms and surveys" })).ToBeVisibleAsync();
        await page.GetByLabel("Title").FillAsync("Smoking check-in");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Smoking check-in", Level = 1 })).ToBeVisibleAsync();

        // Page 1: a required single-choice question with two choices.
        var page1 = page.Locator("#page-page-1");
        await page1.GetByLabel("New question type").SelectOptionAsync(new SelectOptionValue { Label = "Single choice (radio buttons)" });
        await page1.GetByLabel("New question text").FillAsync("Do you smoke?");
        await page1.GetByRole(AriaRole.Button, new() { Name = "Add question to page 1" }).ClickAsync();
        var smoke = page.Locator("#field-q1");
        await Assertions.Expect(smoke.GetByRole(AriaRole.Heading, new() { Name = "Do you smoke?" })).ToBeVisibleAsync();
        await smoke.GetByLabel("Choice 1", new() { Exact = true }).FillAsync("Yes");
        await smoke.GetByLabel("Choice 2", new() { Exact = true }).FillAsync("No");
        await smoke.GetByLabel("An answer is required").CheckAsync();
        await smoke.GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        // Focus follows the change, so the keyboard carries on from the question just saved.
        await Assertions.Expect(page.Locator("#field-q1 h3")).ToBeFocusedAsync();

        // Page 2, shown only to smokers.
        await page.Locator("#add-page").GetByLabel("Page title").FillAsync("Smoking");
        await page.Locator("#add-page").GetByLabel("Page title").PressAsync("Enter");
        var page2 = page.Locator("#page-page-2");
        await page2.GetByLabel("New question type").SelectOptionAsync("Number");
        await page2.GetByLabel("New question text").FillAsync("About how many cigarettes a day?");
        await page2.GetByRole(AriaRole.Button, new() { Name = "Add question to page 2" }).ClickAsync();
        await Assertions.Expect(page.Locator("#field-q2 h3")).ToHaveTextAsync("About how many cigarettes a day?");
        await page.Locator("#field-q2").GetByLabel("An answer is required").CheckAsync();
        await page.Locator("#field-q2").GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();

        page2 = page.Locator("#page-page-2");
        await page2.GetByText("Page title, introduction and logic").ClickAsync();
        var showWhen = page2.Locator("form.condition").First;
        await showWhen.GetByLabel("Question").SelectOptionAsync(new SelectOptionValue { Label = "Do you smoke?" });
        await showWhen.GetByLabel("Test").SelectOptionAsync(new SelectOptionValue { Label = "is" });
        await showWhen.GetByLabel("Answer").FillAsync("Yes");
        await showWhen.GetByRole(AriaRole.Button, new() { Name = "Save condition" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-page-2")).ToContainTextAsync("Shown only when \"Do you smoke?\" is \"Yes\".");
        await Assertions.Expect(page.Locator(".problems")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "builder-1-editor");

        // Preview as the patient sees it: the second page appears only after answering "Yes".
        await page.GetByRole(AriaRole.Link, new() { Name = "Preview as the patient sees it" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Do you smoke? (required)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("About how many cigarettes a day?")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Yes" }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("About how many cigarettes a day? — This question needs an answer.");
        var perDay = page.GetByLabel("About how many cigarettes a day?");
        await Assertions.Expect(perDay).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "builder-2-preview");
        await perDay.FillAsync("12");
        await perDay.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("These answers would be accepted. Nothing was saved.");

        // Publish.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the builder" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish version 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Version 1 is published. Patients now receive it.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish version 2" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All forms" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Smoking check-in" })).ToContainTextAsync("Published v1");
        await Browser.ScreenshotAsync(page, "builder-3-library");
    }

    // Authenticator codes are single use per 30-second step, and other journeys sign this account in too:
    // when the step was already used, wait for the next one as a person would.
    private static async Task SignInAsync(IPage page, PortalProcess.DemoAccount account)
    {
        await SignIn.WithPasswordAndCodeAsync(page, account);
        await page.WaitForLoadStateAsync();
        if (!page.Url.Contains("login-2fa", StringComparison.Ordinal))
            return;
        await Task.Delay(TimeSpan.FromSeconds(30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30 + 1));
        await page.GetByLabel("6-digit code").FillAsync(SignIn.Code(account.TotpSecret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
