using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// On the public intake, answering "Do you have any allergies?" with Yes reveals "Which allergies do you have?" on the
/// same page as the patient answers; without script the same follow-up appears after Next.
/// </summary>
[Collection(PortalProcessCollection.Name)]
public sealed class LiveConditionsTests(PortalProcess portal)
{
    private const string FollowUp = "Which allergies do you have?";

    private async Task<IPage> OnTheHealthPageAsync(IBrowser browser, bool javaScript)
    {
        var link = Regex.Match(portal.Output, @"public link: (/f/\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(link), "the demo seed prints a public link");
        var page = await (await browser.NewContextAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = 1000, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + link);
        await page.GetByLabel("Full name").FillAsync("Robin Allergy");
        await page.GetByLabel("Date of birth").FillAsync("1975-02-11");
        await page.GetByLabel("How should we contact you?").SelectOptionAsync("email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your health" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Do you smoke?" }).GetByLabel("Never").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Do you take any regular medication?" }).GetByLabel("No").CheckAsync();
        return page;
    }

    [Fact]
    public async Task Answering_yes_reveals_the_follow_up_at_once_and_no_hides_it_and_keeps_its_answer_out_of_the_form()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OnTheHealthPageAsync(browser, javaScript: true);
        var allergies = page.GetByRole(AriaRole.Group, new() { Name = "Do you have any allergies?" });
        var followUp = page.GetByLabel(FollowUp);
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        await Browser.ScreenshotAsync(page, "liveconditions-1-before");

        // By keyboard: Space on "Yes" reveals the follow-up without a page load, and Tab goes straight into it.
        await page.EvaluateAsync("() => { window.samePage = true; }");
        await allergies.GetByLabel("Yes").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        await Assertions.Expect(followUp).ToBeEnabledAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.samePage === true"), "the follow-up appeared without navigating");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(followUp).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Peanuts");
        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, "axe: " + string.Join("\n", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})")));
        await Browser.ScreenshotAsync(page, "liveconditions-2-after-yes");

        // Back to the choice and down to "No": the follow-up hides and its control is disabled, focus stays on the choice.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(allergies.GetByLabel("Yes")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(allergies.GetByLabel("No")).ToBeCheckedAsync();
        await Assertions.Expect(allergies.GetByLabel("No")).ToBeFocusedAsync();
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#f-allergies_list")).ToBeDisabledAsync();
        await Browser.ScreenshotAsync(page, "liveconditions-3-after-no");

        // Next is accepted (an answer to a question that does not apply would be refused), then Back: nothing was kept for it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consent" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your health" })).ToBeVisibleAsync();
        await Assertions.Expect(allergies.GetByLabel("No")).ToBeCheckedAsync();
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        await allergies.GetByLabel("Yes").CheckAsync();
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        await Assertions.Expect(followUp).ToHaveValueAsync("");
    }

    [Fact]
    public async Task Without_script_the_follow_up_appears_after_next()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OnTheHealthPageAsync(browser, javaScript: false);
        var followUp = page.GetByLabel(FollowUp);

        await page.GetByRole(AriaRole.Group, new() { Name = "Do you have any allergies?" }).GetByLabel("Yes").CheckAsync();
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        await Assertions.Expect(followUp).ToBeEnabledAsync();
        await followUp.FillAsync("Penicillin");
        await Browser.ScreenshotAsync(page, "liveconditions-4-no-script-after-next");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consent" })).ToBeVisibleAsync();
    }
}
