using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.Forms;

/// <summary>
/// The intake's "Which allergies?" follow-up on the page that asks "Do you have any allergies?", as a browser without
/// script meets it: drawn hidden and disabled with its condition as data, revealed by the server after Next, and an
/// answer to it refused while it does not apply.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class LiveConditionPageTests(PortalFactory portal)
{
    [GeneratedRegex("""<div class="form-field[^"]*" id="field-allergies_list"[^>]*>""")]
    private static partial Regex FollowUpDiv();

    [GeneratedRegex("""<input type="text"[^>]*id="f-allergies_list"[^>]*>""")]
    private static partial Regex FollowUpInput();

    private static (string Div, string Input) FollowUp(string html)
    {
        var div = FollowUpDiv().Match(html);
        var input = FollowUpInput().Match(html);
        Assert.True(div.Success && input.Success, "the follow-up is drawn on the page");
        return (div.Value, input.Value);
    }

    private static Dictionary<string, string> Health(string? allergies, string? which)
    {
        var page = FormTestData.HealthPage(smoker: "never", medications: "no");
        if (allergies is not null) page["allergies_any"] = allergies;
        if (which is not null) page["allergies_list"] = which;
        return page;
    }

    [Fact]
    public async Task Without_script_the_follow_up_is_hidden_until_next_reveals_it_and_an_answer_to_it_while_hidden_is_refused()
    {
        var formId = await FormTestData.PublishIntakeAsync(portal);
        var patient = await portal.CreatePatientAsync("Lee Allergy");
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        var client = portal.NewClient();
        await client.SignInAsync(patient);
        var path = $"/forms/{assignmentId}";
        var health = $"{path}?step=health";
        Assert.Equal(health, (await client.PostFormAsync($"{path}?handler=Page", FormTestData.AboutPage(), tokenPage: path)).Headers.Location!.OriginalString);

        // Drawn hidden, its control disabled so nothing is posted for it, its condition in the engine's JSON.
        var html = await client.GetPageAsync(health);
        var (div, input) = FollowUp(html);
        Assert.Contains("hidden=\"hidden\"", div);
        Assert.Contains("data-visible-when=\"{&quot;kind&quot;:&quot;equals&quot;,&quot;fieldId&quot;:&quot;allergies_any&quot;,&quot;value&quot;:&quot;yes&quot;", div);
        Assert.Contains("disabled=\"disabled\"", input);
        Assert.Contains("/js/liveconditions.js", html);
        Assert.DoesNotContain("&quot;kind&quot;", Regex.Match(html, """<div class="form-field[^"]*" id="field-allergies_any"[^>]*>""").Value);

        // "Yes" and Next: the page comes back with the follow-up shown, enabled and asking for an answer.
        var revealed = await client.PostFormAsync($"{path}?handler=Page", Health("yes", null), tokenPage: health);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, revealed.StatusCode);
        var revealedHtml = await revealed.Content.ReadAsStringAsync();
        (div, input) = FollowUp(revealedHtml);
        Assert.DoesNotContain("hidden", div);
        Assert.DoesNotContain("disabled", input);
        Assert.Contains("href=\"#f-allergies_list\"", revealedHtml);

        // An answer to the follow-up while "No" is picked (a forged post) is refused, and the draft keeps its earlier state.
        var forged = await client.PostFormAsync($"{path}?handler=Page", Health("no", "Peanuts"), tokenPage: health);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("does not apply", await forged.Content.ReadAsStringAsync());

        Assert.Equal($"{path}?step=consent", (await client.PostFormAsync($"{path}?handler=Page", Health("yes", "Peanuts"), tokenPage: health)).Headers.Location!.OriginalString);
        (div, input) = FollowUp(await client.GetPageAsync(health));
        Assert.DoesNotContain("hidden", div);
        Assert.Contains("value=\"Peanuts\"", input);

        // Changing the answer to "No" drops the follow-up's stored answer: it is drawn hidden and empty.
        Assert.Equal($"{path}?step=consent", (await client.PostFormAsync($"{path}?handler=Page", Health("no", null), tokenPage: health)).Headers.Location!.OriginalString);
        (div, input) = FollowUp(await client.GetPageAsync(health));
        Assert.Contains("hidden=\"hidden\"", div);
        Assert.Contains("value=\"\"", input);
    }

    [Fact]
    public async Task An_upload_question_revealed_on_the_page_takes_its_file_in_the_same_post()
    {
        var library = portal.Services.GetRequiredService<IFormLibrary>();
        var staff = await portal.TeamStaffActorAsync();
        var formId = await library.CreateAsync("Referral", staff);
        await library.SaveDraftAsync(new FormDefinition
        {
            Id = formId, Version = 1, Title = "Referral",
            Pages =
            [
                new FormPage
                {
                    Id = "referral", Title = "Referral",
                    Fields =
                    [
                        new FieldDefinition { Id = "has_letter", Type = FieldType.SingleChoice, Label = "Do you have a referral letter?", Options = [new("yes", "Yes"), new("no", "No")] },
                        new FieldDefinition { Id = "letter", Type = FieldType.FileUpload, Label = "Referral letter", Required = true, VisibleWhen = Condition.FieldEquals("has_letter", "yes") },
                    ],
                },
            ],
        }, staff);
        await library.PublishDraftAsync(formId, staff);
        var patient = await portal.CreatePatientAsync("Sam Referral");
        var assignmentId = await FormTestData.AssignAsync(portal, patient.Id, formId);
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var path = $"/forms/{assignmentId}";

        var html = await client.GetPageAsync(path);
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Contains("hidden=\"hidden\"", Regex.Match(html, """<div class="form-field[^"]*" id="field-letter"[^>]*>""").Value);

        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\nReferral\n%%EOF\n");
        var posted = await client.PostFilesAsync($"{path}?handler=Page", new Dictionary<string, string> { ["pageId"] = "referral", ["go"] = "next", ["has_letter"] = "yes" },
            [("letter", "letter.pdf", "application/pdf", pdf)], tokenPage: path);
        Assert.Equal($"{path}?step=review", posted.Headers.Location?.OriginalString);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal("letter", (await db.FormFiles.SingleAsync(f => f.AssignmentId == assignmentId)).FieldId);
    }
}
