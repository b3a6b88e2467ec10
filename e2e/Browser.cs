using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Debian's Chromium driven by Playwright (Playwright cannot download its own browser here).</summary>
public static class Browser
{
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        return (playwright, browser);
    }

    /// <summary>Runs axe-core on the page and fails on any violation, naming each and where it is.</summary>
    public static async Task CheckAccessibilityAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        var violations = string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})"));
        Assert.True(result.Violations.Length == 0, $"axe found violations on {what}:\n{violations}");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
