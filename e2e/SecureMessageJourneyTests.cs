using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Staff sends a formatted secure message with a PDF and a photo; the patient follows the emailed link, signs in with
/// password and TOTP, reads it, sees the photo in place, downloads the PDF and views it in the browser.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class SecureMessageJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task Staff_sends_and_the_patient_reads_it_after_following_the_email_link()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var staff = portal.Accounts["staff@portal.localhost"];
        var patient = portal.Accounts["patient1@portal.localhost"];
        const string subject = "Your lab results are ready";
        const string body = "Your cholesterol panel is within the normal range. No action is needed.";
        var (pdf, png) = await MakeFilesAsync(browser);

        // Staff: sign in, pick the patient, write and send.
        var staffPage = await (await browser.NewContextAsync()).NewPageAsync();
        await staffPage.GotoAsync(portal.BaseUrl + "/");
        await SignIn.WithPasswordAndCodeAsync(staffPage, staff, "staff");
        await Assertions.Expect(staffPage.GetByRole(AriaRole.Heading, new() { Name = "Patients" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(staffPage, "staff-3-patients");
        // The demo's care team is thousands of patients: find this one by name.
        await staffPage.GetByLabel("Find a patient").FillAsync("pat one");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Browser.CheckAccessibilityAsync(staffPage, "the patient search");
        await staffPage.GetByRole(AriaRole.Row, new() { Name = "Pat One" }).GetByRole(AriaRole.Link, new() { Name = "Write a secure message" }).ClickAsync();
        await staffPage.GetByLabel("Subject").FillAsync(subject);
        // The editor: bold by keyboard shortcut, then plain text.
        var editor = staffPage.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await editor.ClickAsync();
        await staffPage.Keyboard.PressAsync("Control+B");
        await staffPage.Keyboard.TypeAsync("Please read:");
        await staffPage.Keyboard.PressAsync("Control+B");
        await staffPage.Keyboard.TypeAsync(" " + body);
        await staffPage.GetByLabel("Attach files").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "lipid-panel.pdf", MimeType = "application/pdf", Buffer = pdf },
            new FilePayload { Name = "chart.png", MimeType = "image/png", Buffer = png },
        });
        await Browser.ScreenshotAsync(staffPage, "staff-4-compose");
        await staffPage.GetByRole(AriaRole.Button, new() { Name = "Send securely" }).ClickAsync();
        await Assertions.Expect(staffPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Message sent");
        await Assertions.Expect(staffPage.Locator("tbody tr").First).ToContainTextAsync("Not read yet");
        await Browser.ScreenshotAsync(staffPage, "staff-5-sent");

        // The captured email: no PHI, one link into the portal.
        var mailPage = await (await browser.NewContextAsync()).NewPageAsync();
        await mailPage.GotoAsync(portal.BaseUrl + "/dev/mail");
        var mailRow = mailPage.GetByRole(AriaRole.Row).Filter(new() { HasText = patient.Email });
        await Assertions.Expect(mailRow).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await mailRow.GetByRole(AriaRole.Link).ClickAsync();
        var mailText = await mailPage.Locator("pre.mail").InnerTextAsync();
        Assert.Contains("You have a new secure message", mailText);
        Assert.DoesNotContain("cholesterol", mailText);
        Assert.DoesNotContain("lab results", mailText);
        await Browser.ScreenshotAsync(mailPage, "mail-1-notice");
        var link = await mailPage.Locator("a.mail-link").First.GetAttributeAsync("href");
        Assert.Matches(new Regex("/messages/[0-9a-f-]{36}$"), link!);

        // The patient follows the link, signs in, lands on the message.
        var patientPage = await (await browser.NewContextAsync()).NewPageAsync();
        await patientPage.GotoAsync(link!);
        await Assertions.Expect(patientPage.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await SignIn.WithPasswordAndCodeAsync(patientPage, patient, "patient");
        await Assertions.Expect(patientPage.GetByRole(AriaRole.Heading, new() { Name = subject })).ToBeVisibleAsync();
        await Assertions.Expect(patientPage.Locator(".body")).ToHaveTextAsync("Please read: " + body);
        await Assertions.Expect(patientPage.Locator(".body strong")).ToHaveTextAsync("Please read:");
        // The photo is shown in place (decoded by the browser, not a broken image) and the PDF is offered.
        var preview = patientPage.GetByRole(AriaRole.Img, new() { Name = "chart.png" });
        await Assertions.Expect(preview).ToBeVisibleAsync();
        // Visible comes before loaded: wait until the browser is done with the image, then see that it decoded.
        await patientPage.WaitForFunctionAsync("img => img.complete", await preview.ElementHandleAsync());
        Assert.True(await preview.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the image preview decodes");
        await Browser.ScreenshotAsync(patientPage, "patient-3-message");
        var download = await patientPage.RunAndWaitForDownloadAsync(() => patientPage.GetByRole(AriaRole.Link, new() { Name = "lipid-panel.pdf", Exact = true }).ClickAsync());
        Assert.Equal("lipid-panel.pdf", download.SuggestedFilename);
        var saved = Path.Combine(Browser.ScreenshotDirectory, "downloaded-lipid-panel.pdf");
        await download.SaveAsAsync(saved);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved));

        // "View in the browser" opens the PDF in a new tab, still sandboxed.
        var viewer = await patientPage.Context.RunAndWaitForPageAsync(() => patientPage.GetByRole(AriaRole.Link, new() { Name = "View lipid-panel.pdf in the browser" }).ClickAsync());
        await viewer.WaitForLoadStateAsync(LoadState.Load);
        await viewer.WaitForTimeoutAsync(1500); // the viewer draws after load
        // Chromium opened it as a PDF document (its viewer), not as a download or a blocked page.
        Assert.Equal("application/pdf", await viewer.EvaluateAsync<string>("document.contentType"));
        await Browser.ScreenshotAsync(viewer, "patient-3b-pdf-preview");
        Assert.Matches(new Regex("/messages/attachments/[0-9a-f-]{36}/preview$"), viewer.Url);
        await viewer.CloseAsync();
        await patientPage.GetByRole(AriaRole.Link, new() { Name = "All messages" }).ClickAsync();
        await Assertions.Expect(patientPage.GetByRole(AriaRole.Row).Filter(new() { HasText = subject })).ToContainTextAsync("Read");
        await Browser.ScreenshotAsync(patientPage, "patient-4-inbox");

        // Staff see that it was read.
        await staffPage.ReloadAsync();
        await Assertions.Expect(staffPage.Locator("tbody tr").First).ToContainTextAsync("Read 20");
        await Browser.ScreenshotAsync(staffPage, "staff-6-read");

        // The patient answers; the reply waits in the team inbox.
        await patientPage.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await patientPage.GetByLabel("Reply to your care team").FillAsync("Thank you, that is good news.");
        await patientPage.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(patientPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Your reply was sent");
        await Browser.ScreenshotAsync(patientPage, "patient-5-replied");

        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Team inbox" }).ClickAsync();
        await Assertions.Expect(staffPage.GetByTestId("unread-count")).ToHaveTextAsync("1 unread");
        await Browser.ScreenshotAsync(staffPage, "staff-7-team-inbox");
        await staffPage.GetByRole(AriaRole.Link, new() { Name = "Re: " + subject }).ClickAsync();
        await Assertions.Expect(staffPage.Locator(".message.from-patient .body")).ToHaveTextAsync("Thank you, that is good news.");
        await Browser.ScreenshotAsync(staffPage, "staff-8-thread");
    }

    /// <summary>A real PDF and PNG, made by the browser itself: a printed page and a screenshot.</summary>
    private static async Task<(byte[] Pdf, byte[] Png)> MakeFilesAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<h1 style='font-family:sans-serif'>Lipid panel</h1><p style='font-family:sans-serif'>Total cholesterol 4.2 mmol/L · LDL 2.1 mmol/L</p>"
            + "<div id='chart' style='width:240px;height:120px;background:linear-gradient(90deg,#0b5cad,#1e6b3a)'></div>");
        var pdf = await page.PdfAsync(new() { Format = "A4" });
        var png = await page.Locator("#chart").ScreenshotAsync(new() { Type = ScreenshotType.Png });
        await page.CloseAsync();
        return (pdf, png);
    }
}
