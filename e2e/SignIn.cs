using Microsoft.Playwright;
using OtpNet;

namespace Portal.E2E;

/// <summary>Signing in as a person would: the form, then a code from the authenticator app.</summary>
public static class SignIn
{
    public static string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    // A code works once (the portal refuses a replayed TOTP step), so an account signed in twice within one 30-second
    // step waits for the next one, as a person would for their app's next code.
    private static readonly Dictionary<string, long> LastStep = [];

    private static async Task AwaitFreshStepAsync(string email)
    {
        long step;
        lock (LastStep) step = LastStep.GetValueOrDefault(email, -1);
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30 <= step)
            await Task.Delay(TimeSpan.FromMilliseconds((30 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30) * 1000 + 300));
        lock (LastStep) LastStep[email] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
    }

    public static async Task WithPasswordAndCodeAsync(IPage page, PortalProcess.DemoAccount account, string? screenshotPrefix = null)
    {
        await page.GetByLabel("Email").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(account.Password);
        if (screenshotPrefix is not null) await Browser.ScreenshotAsync(page, screenshotPrefix + "-1-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await AwaitFreshStepAsync(account.Email);
        await page.GetByLabel("6-digit code").FillAsync(Code(account.TotpSecret));
        if (screenshotPrefix is not null) await Browser.ScreenshotAsync(page, screenshotPrefix + "-2-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
