using System.Text.Json;
using Portal.Forms.Answers;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Versioning;
using Portal.Web.Features.Forms;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web.Forms;

/// <summary>Which questions a page draws, and the condition data the browser gets to show and hide them.</summary>
public sealed class FormStepViewTests
{
    private static FormStepView Step(FormDefinition form, string pageId, FormAnswers answers, FormAnswers? refused = null) => new()
    {
        Walk = new FormWalk(form, answers),
        Page = form.Pages.Single(p => p.Id == pageId),
        Refused = refused,
        Action = "/forms/x",
        StepLink = s => s,
    };

    private static Condition? Parsed(FieldView view) =>
        view.LiveCondition is null ? null : JsonSerializer.Deserialize<Condition>(view.LiveCondition, FormJson.Options);

    private static FieldView Field(FormStepView step, string id) => step.PageFieldViews.Single(v => v.Field.Id == id);

    [Fact]
    public void A_follow_up_to_an_answer_on_the_same_page_is_drawn_hidden_and_disabled_with_its_condition()
    {
        var step = Step(DemoIntakeForm.Build("intake", 1), "health", new FormAnswers());

        var followUp = Field(step, "allergies_list");
        Assert.True(followUp.Hidden);
        Assert.Equal(JsonSerializer.Serialize(Condition.FieldEquals("allergies_any", "yes"), FormJson.Options), followUp.LiveCondition);
        Assert.Null(Field(step, "allergies_any").LiveCondition);
        Assert.False(Field(step, "allergies_any").Hidden);
        Assert.True(step.HasLiveConditions);
        Assert.Equal(["smoker", "conditions", "allergies_any", "allergies_list", "medications_any", "pain_today", "wellbeing"], step.PageFieldViews.Select(v => v.Field.Id));
    }

    [Fact]
    public void A_follow_up_whose_answer_is_stored_is_drawn_shown_and_still_live()
    {
        var step = Step(DemoIntakeForm.Build("intake", 1), "health", new FormAnswers().Set("allergies_any", new TextAnswer("yes")));

        Assert.False(Field(step, "allergies_list").Hidden);
        Assert.NotNull(Field(step, "allergies_list").LiveCondition);
    }

    [Fact]
    public void A_refused_post_draws_the_page_with_the_questions_its_answers_reveal()
    {
        var step = Step(DemoIntakeForm.Build("intake", 1), "health", new FormAnswers(), refused: new FormAnswers().Set("allergies_any", new TextAnswer("yes")));

        Assert.False(Field(step, "allergies_list").Hidden);
    }

    [Fact]
    public void Earlier_answers_are_decided_on_the_server_and_never_reach_the_page()
    {
        var form = TwoPageForm(Condition.All(Condition.FieldEquals("name", "Ana Müller"), Condition.FieldEquals("pain", "yes")));

        var matching = Step(form, "second", new FormAnswers().Set("name", new TextAnswer("Ana Müller")));
        var live = Parsed(Field(matching, "where"))!;
        Assert.Equal((ConditionKind.Equals, "pain", "yes"), (live.Kind, live.FieldId, live.Value));
        Assert.DoesNotContain("Ana", Field(matching, "where").LiveCondition);

        // Decided false by the earlier page alone: nothing on this page can show it, so it is not drawn at all.
        var other = Step(form, "second", new FormAnswers().Set("name", new TextAnswer("Someone Else")));
        Assert.DoesNotContain(other.PageFieldViews, v => v.Field.Id == "where");
        Assert.False(other.HasLiveConditions);
    }

    [Fact]
    public void A_condition_on_an_earlier_page_only_is_left_to_the_server()
    {
        var form = TwoPageForm(Condition.FieldEquals("name", "Ana"));

        var shown = Step(form, "second", new FormAnswers().Set("name", new TextAnswer("Ana")));
        Assert.Null(Field(shown, "where").LiveCondition);
        Assert.False(Field(shown, "where").Hidden);
    }

    [Fact]
    public void A_condition_on_a_matrix_the_browser_cannot_read_stays_with_navigation()
    {
        var form = TwoPageForm(Condition.FieldAnswered("mood"));

        var step = Step(form, "second", new FormAnswers());
        Assert.DoesNotContain(step.PageFieldViews, v => v.Field.Id == "where");
    }

    private static FormDefinition TwoPageForm(Condition whereShown) => new()
    {
        Id = "two",
        Version = 1,
        Title = "Two pages",
        Pages =
        [
            new FormPage { Id = "first", Title = "First", Fields = [new FieldDefinition { Id = "name", Type = FieldType.ShortText, Label = "Name" }] },
            new FormPage
            {
                Id = "second", Title = "Second",
                Fields =
                [
                    new FieldDefinition { Id = "pain", Type = FieldType.SingleChoice, Label = "Pain?", Options = [new("yes", "Yes"), new("no", "No")] },
                    new FieldDefinition { Id = "mood", Type = FieldType.LikertMatrix, Label = "Mood", Rows = [new("calm", "Calm")], Options = [new("1", "Rarely"), new("2", "Often")] },
                    new FieldDefinition { Id = "where", Type = FieldType.ShortText, Label = "Where?", VisibleWhen = whereShown },
                ],
            },
        ],
    };
}
