using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Versioning;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Tests.Infrastructure;
using Portal.Data;

namespace Portal.Tests.Web.FormBuilder;

[Collection(PortalCollection.Name)]
public sealed class FormBuilderTests(PortalFactory portal)
{
    private IFormLibrary Library => portal.Services.GetRequiredService<IFormLibrary>();

    private async Task<(PortalClient Client, BuilderSession Builder)> StaffBuildingAsync(string title)
    {
        var client = portal.NewClient();
        await client.SignInAsync(await portal.CreateStaffAsync());
        return (client, await BuilderSession.CreateAsync(client, title));
    }

    [Fact]
    public async Task Staff_build_a_two_page_form_with_a_condition_reorder_it_and_publish_it()
    {
        var (client, b) = await StaffBuildingAsync("Smoking check-in");
        using var _ = client;

        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "SingleChoice", ["label"] = "Do you smoke?" });
        await b.EditAsync("Field", new()
        {
            ["fieldId"] = "q1", ["field.Label"] = "Do you smoke?", ["field.Required"] = "true",
            ["field.Options[0].Key"] = "", ["field.Options[0].Label"] = "Yes",
            ["field.Options[1].Key"] = "", ["field.Options[1].Label"] = "No",
            ["field.Options[2].Key"] = "", ["field.Options[2].Label"] = "",
        });
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "ShortText", ["label"] = "Member number" });
        await b.EditAsync("Field", new() { ["fieldId"] = "q2", ["field.Label"] = "Member number", ["field.HelpText"] = "On your card.", ["field.Pattern"] = "[0-9]{8}", ["field.PatternMessage"] = "Eight digits." });
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "LikertMatrix", ["label"] = "This week" });
        await b.EditAsync("Field", new()
        {
            ["fieldId"] = "q3", ["field.Label"] = "This week",
            ["field.Options[0].Label"] = "Rarely", ["field.Options[0].Score"] = "0", ["field.Options[1].Label"] = "Often", ["field.Options[1].Score"] = "1",
            ["field.Rows[0].Label"] = "I slept well", ["field.Rows[1].Label"] = "I felt calm",
        });
        await b.EditAsync("AddPage", new() { ["title"] = "Smoking" });
        await b.EditAsync("AddField", new() { ["pageId"] = "page-2", ["type"] = "Number", ["label"] = "Cigarettes a day" });
        await b.EditAsync("Field", new() { ["fieldId"] = "q4", ["field.Label"] = "Cigarettes a day", ["field.Required"] = "true", ["field.MinValue"] = "1", ["field.MaxValue"] = "200" });
        await b.EditAsync("PageCondition", new() { ["pageId"] = "page-2", ["condition.Source"] = "q1", ["condition.Kind"] = "Equals", ["condition.Value"] = "Yes" });
        var moved = await b.EditAsync("MoveField", new() { ["fieldId"] = "q2", ["delta"] = "-1" });
        Assert.Equal($"{b.EditPath}?saved=field-q2#field-q2", moved);
        await b.EditAsync("AddScore", new() { ["label"] = "Wellbeing", ["items"] = "q3", ["bands[0].Min"] = "0", ["bands[0].Max"] = "1", ["bands[0].Label"] = "Low", ["bands[1].Min"] = "2", ["bands[1].Max"] = "2", ["bands[1].Label"] = "High" });

        var draft = (await Library.GetDraftAsync(b.FormId))!;
        Assert.Equal(["q2", "q1", "q3"], draft.Pages[0].Fields.Select(f => f.Id));
        Assert.Equal((ConditionKind.Equals, "q1", "yes"), (draft.Pages[1].VisibleWhen!.Kind, draft.Pages[1].VisibleWhen!.FieldId, draft.Pages[1].VisibleWhen!.Value));
        Assert.Equal("[0-9]{8}", draft.FindField("q2")!.Rules!.Pattern);
        Assert.Equal(["i-slept-well", "i-felt-calm"], draft.FindField("q3")!.Rows.Select(r => r.Id));
        Assert.Equal(200, draft.FindField("q4")!.Rules!.MaxValue);
        Assert.Empty(FormDefinitionChecker.Check(draft));

        var editor = await client.GetPageAsync(b.EditPath);
        Assert.Contains("Shown only when &quot;Do you smoke?&quot; is &quot;Yes&quot;", editor);

        var published = await b.PostAsync("Publish", []);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal($"{b.EditPath}?published=1", published.Headers.Location!.OriginalString);
        var version = await Library.GetPublishedAsync(b.FormId);
        Assert.Equal(1, version!.Version);
        Assert.Equal(FormJson.Serialize(draft), FormJson.Serialize(version.Definition));
        Assert.Contains("Version 1 is published", await client.GetPageAsync(published.Headers.Location.OriginalString));
        // The builder now edits version 2; version 1 stays as published.
        Assert.Contains("Editing the draft of version 2", await client.GetPageAsync(b.EditPath));
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_with_its_message_and_the_draft_is_unchanged()
    {
        var (client, b) = await StaffBuildingAsync("Registration");
        using var _ = client;
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "ShortText", ["label"] = "Member number" });
        var before = FormJson.Serialize((await Library.GetDraftAsync(b.FormId))!);

        var badPattern = await b.PostAsync("Field", new() { ["fieldId"] = "q1", ["field.Label"] = "Member number", ["field.Pattern"] = "([0-9" });
        Assert.Equal(HttpStatusCode.BadRequest, badPattern.StatusCode);
        var html = await badPattern.Content.ReadAsStringAsync();
        Assert.Equal("The pattern is not a valid regular expression.", BuilderSession.Error(html));
        Assert.Contains("<a href=\"#field-q1\">Go to the change</a>", html);

        var minAboveMax = await b.PostAsync("Field", new() { ["fieldId"] = "q1", ["field.Label"] = "Member number", ["field.MinLength"] = "9", ["field.MaxLength"] = "3" });
        Assert.Equal("A minimum is above its maximum.", BuilderSession.Error(await minAboveMax.Content.ReadAsStringAsync()));
        var notANumber = await b.PostAsync("Field", new() { ["fieldId"] = "q1", ["field.Label"] = "Member number", ["field.MaxLength"] = "ten" });
        Assert.Equal("Maximum length must be a whole number.", BuilderSession.Error(await notANumber.Content.ReadAsStringAsync()));
        var forward = await b.PostAsync("FieldCondition", new() { ["fieldId"] = "q1", ["condition.Source"] = "q1", ["condition.Kind"] = "Answered" });
        Assert.Contains("can only read a question that comes before this one", BuilderSession.Error(await forward.Content.ReadAsStringAsync()));

        Assert.Equal(before, FormJson.Serialize((await Library.GetDraftAsync(b.FormId))!));
    }

    [Fact]
    public async Task Problems_are_shown_next_to_their_question_and_block_publishing()
    {
        var (client, b) = await StaffBuildingAsync("Preferences");
        using var _ = client;
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "Dropdown", ["label"] = "Preferred contact" });

        var html = await client.GetPageAsync(b.EditPath);
        Assert.Contains("<li><a href=\"#field-q1\">Field &#x27;q1&#x27; needs options to choose from.</a></li>", html);
        var fieldSection = html[html.IndexOf("id=\"field-q1\"", StringComparison.Ordinal)..];
        Assert.Contains("<span class=\"visually-hidden\">Problem: </span>Field &#x27;q1&#x27; needs options to choose from.", fieldSection);

        var publish = await b.PostAsync("Publish", []);
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("problems to fix before it can be published", BuilderSession.Error(await publish.Content.ReadAsStringAsync()));
        Assert.Null(await Library.GetPublishedAsync(b.FormId));
    }

    [Fact]
    public async Task An_edit_from_a_stale_page_is_refused_instead_of_undoing_a_newer_change()
    {
        var (client, b) = await StaffBuildingAsync("Follow-up");
        using var _ = client;
        var stale = await b.RevisionAsync();
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "LongText", ["label"] = "How are you?" });

        var late = await b.PostAsync("Details", new() { ["title"] = "Renamed" }, stale);

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("was changed since this page was opened", BuilderSession.Error(await late.Content.ReadAsStringAsync()));
        var draft = await Library.GetDraftAsync(b.FormId);
        Assert.Equal("Follow-up", draft!.Title);
        Assert.Single(draft.AllFields);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_rejected()
    {
        var (client, b) = await StaffBuildingAsync("Forgery target");
        using var _ = client;
        var revision = await b.RevisionAsync();

        var forged = await client.Http.PostAsync($"{b.EditPath}?handler=Details",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Revision"] = revision, ["title"] = "Forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("Forgery target", (await Library.GetDraftAsync(b.FormId))!.Title);
    }

    [Fact]
    public async Task Patients_reach_no_builder_preview_or_results_page()
    {
        var (staff, b) = await StaffBuildingAsync("Staff only");
        using var _ = staff;
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(patient);

        foreach (var path in new[] { "/staff/forms", b.EditPath, $"/staff/forms/{b.FormId}/preview", $"/staff/forms/{Phq9.FormId}/results" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/denied", response.Headers.Location!.OriginalString);
        }

        // A patient's own anti-forgery token (from a page they can open) does not open the door either.
        var post = await client.PostFormAsync($"{b.EditPath}?handler=Details", new Dictionary<string, string> { ["title"] = "Hijacked" }, "/messages");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/account/denied", post.Headers.Location!.OriginalString);
        Assert.Equal("Staff only", (await Library.GetDraftAsync(b.FormId))!.Title);
    }

    [Theory]
    [InlineData("/staff/forms/form-000000000000/edit")]
    [InlineData("/staff/forms/..%2F..%2Fetc/edit")]
    [InlineData("/staff/forms/a%20b/preview")]
    [InlineData("/staff/forms/phq-9/edit")]
    [InlineData("/staff/forms/form-000000000000/results")]
    [InlineData("/staff/forms/phq-9/preview?version=99")]
    public async Task Unknown_malformed_or_built_in_form_ids_are_not_found_in_the_builder(string path)
    {
        using var client = portal.NewClient();
        await client.SignInAsync(await portal.CreateStaffAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_preview_applies_the_forms_logic_and_validation_without_saving_anything()
    {
        var (client, b) = await StaffBuildingAsync("Preview check");
        using var _ = client;
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "SingleChoice", ["label"] = "Do you smoke?" });
        await b.EditAsync("Field", new() { ["fieldId"] = "q1", ["field.Label"] = "Do you smoke?", ["field.Required"] = "true", ["field.Options[0].Label"] = "Yes", ["field.Options[1].Label"] = "No" });
        await b.EditAsync("AddField", new() { ["pageId"] = "page-1", ["type"] = "Number", ["label"] = "Cigarettes a day" });
        await b.EditAsync("Field", new() { ["fieldId"] = "q2", ["field.Label"] = "Cigarettes a day", ["field.Required"] = "true", ["field.MaxValue"] = "200" });
        await b.EditAsync("FieldCondition", new() { ["fieldId"] = "q2", ["condition.Source"] = "q1", ["condition.Kind"] = "Equals", ["condition.Value"] = "Yes" });
        var preview = $"/staff/forms/{b.FormId}/preview";

        var first = await client.GetPageAsync(preview);
        Assert.Matches(@"<legend>Do you smoke\?\s*<span class=""req""> \(required\)</span>\s*</legend>", first);
        Assert.DoesNotContain("Cigarettes a day", first);

        var smoker = await client.PostFormAsync(preview, new Dictionary<string, string> { ["q1"] = "yes" });
        var html = await smoker.Content.ReadAsStringAsync();
        Assert.Contains("<label for=\"f-q2\">Cigarettes a day", html);
        Assert.Contains("<a href=\"#f-q2\">Cigarettes a day — This question needs an answer.</a>", html);
        Assert.Contains("aria-describedby=\"f-q2-error\"", html);

        var script = await client.PostFormAsync(preview, new Dictionary<string, string> { ["q1"] = "yes", ["q2"] = "<script>alert(1)</script>" });
        var escaped = await script.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", escaped);

        var fine = await client.PostFormAsync(preview, new Dictionary<string, string> { ["q1"] = "no", ["q2"] = "12" });
        Assert.Contains("These answers would be accepted. Nothing was saved.", await fine.Content.ReadAsStringAsync());
        Assert.Null(await Library.GetPublishedAsync(b.FormId));
    }

    [Fact]
    public async Task The_results_page_without_submissions_says_so_and_its_view_is_audited()
    {
        var staff = await portal.CreateStaffAsync();
        using var client = portal.NewClient();
        await client.SignInAsync(staff);

        var html = await client.GetPageAsync($"/staff/forms/{PatientSatisfactionSurvey.FormId}/results");

        Assert.Contains("No submissions yet.", html);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.ActorId == staff.Id && e.Action == AuditActions.FormResultsView && e.TargetId == PatientSatisfactionSurvey.FormId));
    }
}
