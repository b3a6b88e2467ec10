using Microsoft.Playwright;
using OtpNet;

namespace Portal.E2E;

/// <summary>Signing in as a person would: the form, then a code from the authenticator app.</summary>
public static class SignIn
{
    public static string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    public static async Task WithPasswordAndCodeAsync(IPage page, PortalProcess.DemoAccount account, string? screenshotPrefix = null)
    {
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        if (screenshotPrefix is not null) await Browser.ScreenshotAsync(page, screenshotPrefix + "-1-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("6-digit code").FillAsync(Code(account.TotpSecret));
        if (screenshotPrefix is not null) await Browser.ScreenshotAsync(page, screenshotPrefix + "-2-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
