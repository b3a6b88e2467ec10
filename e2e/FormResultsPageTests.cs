using System.Globalization;
using Microsoft.Playwright;
using Portal.Forms.Answers;
using Portal.Forms.Instruments;
using Portal.Grains.Forms.Results;
using Portal.Grains.Identity;

namespace Portal.E2E;

/// <summary>Staff read a questionnaire's and a survey's results: score bands over time per patient, NPS and distributions.</summary>
public sealed class FormResultsPageTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Staff_see_score_bands_over_time_and_survey_charts_with_text_alternatives()
    {
        await using var host = new ResultsHost();
        var staff = await host.CreateAccountAsync("Dr. Rita Results", PortalRoles.Staff);
        var ana = await host.CreateAccountAsync("Ana Improving", PortalRoles.Patient);
        var ben = await host.CreateAccountAsync("Ben Steady", PortalRoles.Patient);
        foreach (var patient in new[] { ana, ben })
            await host.AddToCareTeamAsync(staff.Id, patient.Id);

        // Ana's PHQ-9 falls from severe to mild over eight weeks; Ben stays mild to moderate.
        int[][] anaWeeks = [[3, 3, 3, 3, 2, 2, 2, 2, 1], [2, 2, 2, 2, 2, 2, 2, 1, 0], [2, 2, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 0, 0, 0]];
        int[][] benWeeks = [[1, 1, 1, 1, 1, 1, 1, 1, 0], [2, 1, 1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1, 0, 0]];
        for (var w = 0; w < anaWeeks.Length; w++) host.Source.Add(Phq9.FormId, Phq9Response(ana.Id, w * 14, anaWeeks[w]));
        for (var w = 0; w < benWeeks.Length; w++) host.Source.Add(Phq9.FormId, Phq9Response(ben.Id, w * 21 + 3, benWeeks[w]));
        int[] ratings = [10, 9, 9, 10, 8, 7, 3, 9, 10, 6, 9, 8];
        for (var i = 0; i < ratings.Length; i++)
            host.Source.Add(PatientSatisfactionSurvey.FormId, SatisfactionResponse(i % 2 == 0 ? ana.Id : ben.Id, ratings[i], i));

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/account/login");
        await page.GetByLabel("Email").FillAsync(staff.Email);
        await page.GetByLabel("Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("6-digit code").FillAsync(SignIn.Code(staff.TotpSecret!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GotoAsync($"{host.BaseUrl}/staff/forms/{Phq9.FormId}/results");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "PHQ-9 total over time" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "PHQ-9 total over time for Ana Improving" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "PHQ-9 total over time for Ben Steady" })).ToBeVisibleAsync();
        var anaTable = page.Locator("figure").Filter(new() { HasText = "Ana Improving" });
        await anaTable.GetByText("Data table").ClickAsync();
        // 21 (severe), 15, 10, then 6: mild.
        await Assertions.Expect(anaTable.GetByRole(AriaRole.Row).Last).ToContainTextAsync("Mild depression");
        await Assertions.Expect(anaTable.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Severe depression");
        await Browser.ScreenshotAsync(page, "results-1-phq9");
        await anaTable.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotDirectory, "results-1-phq9-chart.png") });

        await page.GotoAsync($"{host.BaseUrl}/staff/forms/{PatientSatisfactionSurvey.FormId}/results");
        // 7 promoters, 3 passives, 2 detractors of 12: (7 - 2) / 12 = 41.7.
        await Assertions.Expect(page.Locator(".nps-score .big")).ToHaveTextAsync("41.7");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Net Promoter categories" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "results-2-survey");
        await page.Locator("figure").First.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotDirectory, "results-2-nps-chart.png") });
    }

    private static FormResponse Phq9Response(Guid patient, int day, int[] items)
    {
        var answers = new FormAnswers();
        for (var i = 0; i < items.Length; i++)
            answers.Set(Phq9.ItemIds[i], new TextAnswer(items[i].ToString(CultureInfo.InvariantCulture)));
        return new FormResponse(patient, 1, Start.AddDays(day), answers);
    }

    private static FormResponse SatisfactionResponse(Guid patient, int rating, int i)
    {
        string[] scale = ["5", "4", "4", "3", "2"];
        var answers = new FormAnswers()
            .Set(PatientSatisfactionSurvey.RecommendId, new NumberAnswer(rating))
            .Set("contact_me", new TextAnswer(i % 3 == 0 ? "yes" : "no"))
            .Set("experience", new MatrixAnswer(new Dictionary<string, string>
            {
                ["scheduling"] = scale[i % 5], ["staff"] = scale[(i + 1) % 5], ["explained"] = scale[i % 3], ["wait"] = scale[(i + 2) % 5],
            }));
        return new FormResponse(patient, 1, Start.AddDays(i), answers);
    }
}
