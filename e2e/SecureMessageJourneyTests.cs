using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Staff sends a secure message; the patient follows the emailed link, signs in with password and TOTP, and reads it.</summary>
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

        // Staff: sign in, pick the patient, write and send.
        var staffPage = await (await browser.NewContextAsync()).NewPageAsync();
        await staffPage.GotoAsync(portal.BaseUrl + "/");
        await SignIn.WithPasswordAndCodeAsync(staffPage, staff, "staff");
        await Assertions.Expect(staffPage.GetByRole(AriaRole.Heading, new() { Name = "Patients" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(staffPage, "staff-3-patients");
        await staffPage.GetByRole(AriaRole.Row, new() { Name = "Pat One" }).GetByRole(AriaRole.Link, new() { Name = "Write a secure message" }).ClickAsync();
        await staffPage.GetByLabel("Subject").FillAsync(subject);
        await staffPage.GetByLabel("Message").FillAsync(body);
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
        await Assertions.Expect(patientPage.Locator(".body")).ToHaveTextAsync(body);
        await Browser.ScreenshotAsync(patientPage, "patient-3-message");
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
}
