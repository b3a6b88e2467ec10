using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>An admin invites a staff member by keyboard alone; the invitee opens the mailed link, chooses a password
/// and is sent to set up a second factor. axe-core checks the accounts and invitation pages.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class AdminAccountsJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task An_admin_invites_staff_by_keyboard_and_the_invitee_accepts_from_the_mail()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/admin/accounts");
        await SignIn.WithPasswordAndCodeAsync(page, portal.Accounts["admin@portal.localhost"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accounts", Exact = true })).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the accounts page");

        var email = $"new.nurse.{Guid.NewGuid():N}"[..24] + "@portal.localhost";
        await page.GetByLabel("Email").FocusAsync();
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Nadia Nurse");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Role", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {email}");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Invited");
        await Browser.CheckAccessibilityAsync(page, "the accounts page after an invitation");
        await Browser.ScreenshotAsync(page, "admin-1-accounts");

        // The compliance pages the same admin uses: verifying the audit trail, retention and holds.
        await page.GotoAsync(portal.BaseUrl + "/admin/audit/verify");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign a checkpoint and verify now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Intact.");
        await Browser.CheckAccessibilityAsync(page, "the audit verification page");
        await Browser.ScreenshotAsync(page, "admin-5-audit-verified");
        await page.GotoAsync(portal.BaseUrl + "/admin/retention");
        await Browser.CheckAccessibilityAsync(page, "the retention page");
        await Browser.ScreenshotAsync(page, "admin-6-retention");
        await page.GotoAsync(portal.BaseUrl + "/admin/keys");
        await Assertions.Expect(page.GetByText("No rotation is under way")).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(page, "the encryption keys page");

        var mailPage = await (await browser.NewContextAsync()).NewPageAsync();
        await mailPage.GotoAsync(portal.BaseUrl + "/dev/mail");
        var mailRow = mailPage.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(mailRow).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await mailRow.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Contains("has created an account for you", await mailPage.Locator("pre.mail").InnerTextAsync());
        await Browser.ScreenshotAsync(mailPage, "admin-2-invitation-mail");
        var link = await mailPage.Locator("a.mail-link").First.GetAttributeAsync("href");
        Assert.Contains("/account/accept-invitation?user=", link);

        var invitee = await (await browser.NewContextAsync()).NewPageAsync();
        await invitee.GotoAsync(link!);
        await Assertions.Expect(invitee.GetByText(email)).ToBeVisibleAsync();
        await Browser.CheckAccessibilityAsync(invitee, "the invitation page");
        await invitee.GetByLabel("Password").FillAsync("saffron kettle drifting north");
        await invitee.Keyboard.PressAsync("Enter");
        await Assertions.Expect(invitee.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account is ready");
        await Browser.ScreenshotAsync(invitee, "admin-3-invitation-accepted");
        await invitee.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).Last.ClickAsync();
        await invitee.GetByLabel("Email").FillAsync(email);
        await invitee.GetByLabel("Password").FillAsync("saffron kettle drifting north");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(invitee).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/enrol-totp"));
        await Browser.ScreenshotAsync(invitee, "admin-4-enrol");
    }
}
