using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Passkeys through Chromium's virtual authenticator, and lockout, as a person meets them.</summary>
[Collection(PortalProcessCollection.Name)]
public sealed class AccountSecurityTests(PortalProcess portal)
{
    [Fact]
    public async Task A_patient_registers_a_passkey_signs_out_and_signs_back_in_with_it_alone()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var patient = portal.Accounts["patient2@portal.localhost"];
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // A platform authenticator with user verification, as a phone or laptop with a fingerprint reader has.
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync(portal.BaseUrl + "/account/security");
        await SignIn.WithPasswordAndCodeAsync(page, patient);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#idle-warning")).ToBeHiddenAsync(); // only shortly before idle sign-out
        await page.GetByLabel("Name for a new passkey").FillAsync("Laptop fingerprint");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Laptop fingerprint", Exact = true })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "security-1-passkey-added");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your messages" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "security-2-passkey-sign-in");
    }

    [Fact]
    public async Task Five_wrong_passwords_pause_sign_in_with_a_message_that_reveals_nothing()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var admin = portal.Accounts["admin@portal.localhost"];
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/account/login");
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("Email").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync("not the password " + i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in failed");
        }
        // Now even the right password is refused, with the same words.
        await page.GetByLabel("Email").FillAsync(admin.Email);
        await page.GetByLabel("Password").FillAsync(admin.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("paused for 15 minutes");
        await Assertions.Expect(page.GetByLabel("6-digit code")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "security-3-locked");
    }
}
