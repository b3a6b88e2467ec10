using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>
/// Visitors from many addresses together cannot store more than a link's and the organisation's budget of
/// files, nor leave more submissions waiting than staff can attach: each is refused plainly, nothing is stored.
/// </summary>
public sealed class PublicFormBudgetTests : IAsyncLifetime
{
    private const int FileBytes = 100 * 1024;
    private PortalFactory _portal = null!;
    private int _nextAddress = 10;

    public async Task InitializeAsync()
    {
        _portal = PortalFactory.With(new Dictionary<string, string?>
        {
            ["PublicForms:MinimumFillTime"] = "00:00:00",
            ["PublicForms:Uploads:MaxBytesPerSession"] = "204800",
            ["PublicForms:Uploads:MaxPendingBytesPerLink"] = "256000", // two 100 KB files, not three
            ["PublicForms:Uploads:MaxPendingBytes"] = "409600",        // four, not five
            ["PublicForms:Uploads:MaxUnattachedSubmissionsPerLink"] = "2",
            ["PublicForms:Uploads:MaxUnattachedSubmissions"] = "3",
        });
        await _portal.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    private async Task<PortalDbContext> DbAsync() =>
        await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A visitor from an address of their own, so the per-address limits never decide.</summary>
    private PortalClient Visitor()
    {
        var client = _portal.NewClient();
        client.Http.DefaultRequestHeaders.Add(PortalFactory.ClientAddressHeader, $"198.51.100.{_nextAddress++}");
        return client;
    }

    private static byte[] Letter() => [.. TestFiles.Pdf("Referral"), .. new byte[FileBytes]];

    /// <summary>Opens the link and uploads a referral letter beside the card; returns the answer and the page.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> UploadLetterAsync(PortalClient visitor, string token)
    {
        var path = $"/f/{token}";
        var html = await visitor.GetPageAsync(path);
        var response = await visitor.PostFilesAsync($"{path}?handler=Page", PublicFormUploadTests.Documents(html),
            [("card", "card.png", "image/png", TestFiles.Png()), ("referral", "referral.pdf", "application/pdf", Letter())], tokenPage: path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorBeside(string html, string field) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"id=\"f-{field}-error\">(.*?)</p>").Groups[1].Value);

    [Fact]
    public async Task Files_from_many_addresses_stop_at_the_links_budget_and_then_at_the_organisations()
    {
        var first = await PublicFormUploadTests.PublishDocumentsFormAsync(_portal);
        var second = await PublicFormUploadTests.PublishDocumentsFormAsync(_portal);

        for (var i = 0; i < 2; i++)
        {
            using var visitor = Visitor();
            Assert.Equal(HttpStatusCode.OK, (await UploadLetterAsync(visitor, first)).Response.StatusCode);
        }
        using (var third = Visitor())
        {
            var (refused, html) = await UploadLetterAsync(third, first);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("Error: " + PublicFormBudget.FilesFull, ErrorBeside(html, "referral"));
        }
        await using (var db = await DbAsync())
            Assert.Equal(2, await db.PublicFormFiles.CountAsync(f => f.FieldId == "referral"));

        // Another link has a budget of its own, until the organisation's is spent.
        for (var i = 0; i < 2; i++)
        {
            using var visitor = Visitor();
            var (response, html) = await UploadLetterAsync(visitor, second);
            if (i == 0) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            else Assert.Contains("Error: " + PublicFormBudget.FilesFull, ErrorBeside(html, "referral"));
        }
        await using var check = await DbAsync();
        Assert.Equal(3, await check.PublicFormFiles.CountAsync(f => f.FieldId == "referral"));
        Assert.True(await check.PublicFormFiles.SumAsync(f => f.SizeBytes) <= 409600);
    }

    [Fact]
    public async Task Submissions_waiting_for_staff_are_capped_per_link_and_for_the_organisation()
    {
        var first = await PublicFormUploadTests.PublishDocumentsFormAsync(_portal);
        var second = await PublicFormUploadTests.PublishDocumentsFormAsync(_portal);

        // A visitor fills the documents form (its card is required) up to the review step.
        async Task<(PortalClient Visitor, HttpResponseMessage Page, string Html)> FillAsync(string token)
        {
            var visitor = Visitor();
            var path = $"/f/{token}";
            var html = await visitor.GetPageAsync(path);
            var page = await visitor.PostFilesAsync($"{path}?handler=Page", PublicFormUploadTests.Documents(html),
                [("card", "card.png", "image/png", TestFiles.Png())], tokenPage: path);
            return (visitor, page, await page.Content.ReadAsStringAsync());
        }
        static Task<HttpResponseMessage> SendAsync(PortalClient visitor, string token, string review) =>
            visitor.PostFormAsync($"/f/{token}?handler=Submit", new Dictionary<string, string> { ["state"] = PublicFormUploadTests.State(review) }, tokenPage: $"/f/{token}");
        async Task<HttpResponseMessage> FillAndSendAsync(string token)
        {
            var (visitor, _, review) = await FillAsync(token);
            using (visitor)
                return await SendAsync(visitor, token, review);
        }

        // One visitor reaches the review step while there is room, and sends after the link filled up.
        var (late, _, lateReview) = await FillAsync(first);
        using (late)
        {
            Assert.Contains("Check your answers", lateReview);
            Assert.Equal(HttpStatusCode.Redirect, (await FillAndSendAsync(first)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await FillAndSendAsync(first)).StatusCode);
            var refusedAtSend = await SendAsync(late, first, lateReview);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedAtSend.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(PublicFormBudget.SubmissionsFull), await refusedAtSend.Content.ReadAsStringAsync());
        }

        // A full link takes no more files either, told beside the question.
        var (refusedVisitor, refusedPage, refusedHtml) = await FillAsync(first);
        using (refusedVisitor)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedPage.StatusCode);
            Assert.Contains("Error: " + PublicFormBudget.SubmissionsFull, ErrorBeside(refusedHtml, "card"));
        }

        // Another link has room until the organisation's cap of three.
        Assert.Equal(HttpStatusCode.Redirect, (await FillAndSendAsync(second)).StatusCode);
        var (overVisitor, overPage, _) = await FillAsync(second);
        using (overVisitor)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, overPage.StatusCode);

        await using var db = await DbAsync();
        Assert.Equal(3, await db.FormSubmissions.CountAsync(s => s.PatientId == null));
    }
}
