using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// A patient fills the multi-page intake (with a page that only smokers see), saves a draft, resumes, signs on the
/// canvas and submits; staff export the PDF. axe-core checks every patient-facing form page and fails on any violation.
/// </summary>
[Collection(PortalProcessCollection.Name)]
public sealed class FormsJourneyTests(PortalProcess portal)
{
    // The seed prints its form links after the accounts the portal process waits for, so they may come a moment later.
    private async Task<string> SeededLinkAsync(string pattern)
    {
        for (var waited = 0; waited < 100 && !Regex.IsMatch(portal.Output, pattern); waited++)
            await Task.Delay(100);
        return Regex.Match(portal.Output, pattern).Groups[1].Value;
    }

    // Authenticator codes are single use; other journeys sign the same demo accounts in, so start on a fresh step.
    private static Task NextTotpStepAsync() => Task.Delay(TimeSpan.FromMilliseconds((30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30) * 1000 + 300));

    [Fact]
    public async Task Patient_fills_saves_resumes_signs_and_submits_and_staff_export_the_pdf()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var patient = portal.Accounts["patient2@portal.localhost"];
        var staff = portal.Accounts["staff@portal.localhost"];

        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/forms");
        await NextTotpStepAsync();
        await SignIn.WithPasswordAndCodeAsync(page, patient);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Forms" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your forms" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the to-do list");
        await Browser.ScreenshotAsync(page, "forms-1-todo");
        await page.GetByRole(AriaRole.Link, new() { Name = "New patient intake" }).ClickAsync();

        // Next with nothing filled: a linked error summary, errors beside the fields.
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "a page with errors");
        await Browser.ScreenshotAsync(page, "forms-2-errors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Full name: This question needs an answer." }).ClickAsync();

        // Keyboard only for the first page.
        await page.Keyboard.TypeAsync("Pat Two");
        await page.Keyboard.PressAsync("Tab");
        await page.GetByLabel("Date of birth").FillAsync("1980-04-23");
        await page.GetByLabel("How should we contact you?").SelectOptionAsync("email");
        await page.GetByLabel("Date of birth").FocusAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your health" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Do you smoke?" }).GetByLabel("Yes").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Do you take any regular medication?" }).GetByLabel("Yes").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "I slept well" }).GetByLabel("Sometimes").CheckAsync();
        await Browser.ScreenshotAsync(page, "forms-3-health");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Shown only because the patient smokes; save a draft here and come back.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Smoking" })).ToBeVisibleAsync();
        await page.GetByLabel("About how many cigarettes a day?").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft and finish later" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "New patient intake" })).ToContainTextAsync("In progress");
        await page.GetByRole(AriaRole.Link, new() { Name = "New patient intake" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("About how many cigarettes a day?")).ToHaveValueAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("List each medication and dose").FillAsync("<script>alert(1)</script> Metformin 500 mg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("I consent to assessment and treatment.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Review and sign: typed name plus a drawn signature.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your answers and sign" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the review and sign page");
        await page.GetByLabel("Type your full name").FillAsync("Pat Two");
        await page.Locator("canvas.signature-pad").ScrollIntoViewIfNeededAsync();
        var pad = await page.Locator("canvas.signature-pad").BoundingBoxAsync();
        await page.Mouse.MoveAsync(pad!.X + 30, pad.Y + 100);
        await page.Mouse.DownAsync();
        foreach (var (dx, dy) in new[] { (60, 40), (100, 110), (150, 50), (200, 120), (260, 60) })
            await page.Mouse.MoveAsync(pad.X + dx, pad.Y + dy, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        Assert.StartsWith("data:image/png;base64,", await page.Locator("#f-signature-image").InputValueAsync());
        await Browser.ScreenshotAsync(page, "forms-4-review-sign");
        var zoomed = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 640, Height = 900 }, DeviceScaleFactor = 2 })).NewPageAsync();
        await zoomed.Context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite }));
        await zoomed.GotoAsync(page.Url);
        await Browser.ScreenshotAsync(zoomed, "forms-5-review-200-percent");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cannot be changed");
        await Browser.ScreenshotAsync(page, "forms-6-submitted");

        // Staff open the submission and export the PDF.
        var staffPage = await (await browser.NewContextAsync(new() { AcceptDownloads = true })).NewPageAsync();
        await staffPage.GotoAsync(portal.BaseUrl + "/staff/forms/assignments");
        await NextTotpStepAsync();
        await SignIn.WithPasswordAndCodeAsync(staffPage, staff);
        await staffPage.GotoAsync(portal.BaseUrl + "/staff/forms/assignments");
        await staffPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "New patient intake" }).GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync();
        await Assertions.Expect(staffPage.GetByText("Metformin 500 mg")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(staffPage, "forms-7-staff-submission");
        var download = await staffPage.RunAndWaitForDownloadAsync(() => staffPage.GetByRole(AriaRole.Link, new() { Name = "Export as PDF" }).ClickAsync());
        var pdfPath = Path.Combine(Browser.ScreenshotDirectory, "forms-8-export.pdf");
        await download.SaveAsAsync(pdfPath);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdfPath)[..4]));
        using var render = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "2", pdfPath, Path.Combine(Browser.ScreenshotDirectory, "forms-8-export-page")]))!;
        await render.WaitForExitAsync();
        Assert.Equal(0, render.ExitCode);
    }

    [Fact]
    public async Task The_public_intake_form_has_no_accessibility_violations()
    {
        var link = await SeededLinkAsync(@"public link: (/f/\S+)");
        Assert.False(string.IsNullOrEmpty(link), "the demo seed prints a public link");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "About you" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the public form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the public form with errors");
        await Browser.ScreenshotAsync(page, "forms-9-public-errors");
    }

    [Fact]
    public async Task A_public_form_takes_an_upload_reads_well_and_has_no_accessibility_violations()
    {
        var link = await SeededLinkAsync(@"Documents form taking uploads from new patients: (/f/\S+)");
        Assert.False(string.IsNullOrEmpty(link), "the demo seed prints the documents form's public link");
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + link);
        var card = page.GetByLabel("Photo of the front of your insurance card");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the public form with a file question");
        await Browser.ScreenshotAsync(page, "forms-10-public-upload");

        // A photo is required; a file that is not one is refused beside the question.
        await page.GetByLabel("Full name").FillAsync("Noor Haddad");
        await card.SetInputFilesAsync(new FilePayload { Name = "card.png", MimeType = "image/png", Buffer = "MZ not a picture"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-insurance_card-error")).ToContainTextAsync("Only PDF, PNG and JPEG");
        await Browser.CheckAccessibilityAsync(page, "the public form with an upload refused");
        await Browser.ScreenshotAsync(page, "forms-11-public-upload-refused");

        await page.GetByLabel("Photo of the front of your insurance card").SetInputFilesAsync(new FilePayload { Name = "insurance-card.png", MimeType = "image/png", Buffer = OnePixelPng });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByText("insurance-card.png (image/png")).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the public form's review with an upload");
        await Task.Delay(TimeSpan.FromSeconds(5)); // the form's minimum fill time
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign and submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sent securely");
    }

    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
