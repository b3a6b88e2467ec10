using Portal.Forms.Answers;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;

namespace Portal.Tests.Forms;

public sealed class FormNavigatorTests
{
    [Fact]
    public void A_skip_rule_jumps_over_pages_and_hides_them()
    {
        var form = SampleForms.Intake();
        var noMedication = FormValidatorTests.CompleteAnswers();
        var visibility = FormNavigator.Evaluate(form, noMedication);

        Assert.Equal(["about", "health", "consent"], visibility.VisiblePages.Select(p => p.Id));
        Assert.False(visibility.IsFieldVisible("medication_list"));
        Assert.Equal("consent", visibility.NextPageAfter("health")?.Id);
        Assert.Equal("health", visibility.PreviousPageBefore("consent")?.Id);

        var withMedication = FormValidatorTests.CompleteAnswers().Set("medications_any", new TextAnswer("yes"));
        visibility = FormNavigator.Evaluate(form, withMedication);
        Assert.Equal(["about", "health", "medications", "consent"], visibility.VisiblePages.Select(p => p.Id));
        Assert.Equal("medications", visibility.NextPageAfter("health")?.Id);
        Assert.Null(visibility.NextPageAfter("consent"));
    }

    [Fact]
    public void A_hidden_answer_cannot_steer_later_conditions()
    {
        var form = new FormDefinition
        {
            Id = "steer",
            Version = 1,
            Title = "Steering",
            Pages =
            [
                new FormPage
                {
                    Id = "p1",
                    Title = "One",
                    Fields =
                    [
                        new FieldDefinition { Id = "gate", Type = FieldType.SingleChoice, Label = "Gate", Options = [new("open", "Open"), new("shut", "Shut")] },
                        new FieldDefinition { Id = "secret", Type = FieldType.ShortText, Label = "Secret", VisibleWhen = Condition.FieldEquals("gate", "open") },
                        new FieldDefinition { Id = "follow", Type = FieldType.ShortText, Label = "Follow", VisibleWhen = Condition.FieldAnswered("secret") },
                    ],
                },
            ],
        };

        var smuggled = new FormAnswers().Set("gate", new TextAnswer("shut")).Set("secret", new TextAnswer("x"));
        var visibility = FormNavigator.Evaluate(form, smuggled);
        Assert.False(visibility.IsFieldVisible("secret"));
        Assert.False(visibility.IsFieldVisible("follow"));
        Assert.False(visibility.EffectiveAnswers.ContainsKey("secret"));

        var honest = new FormAnswers().Set("gate", new TextAnswer("open")).Set("secret", new TextAnswer("x"));
        Assert.True(FormNavigator.Evaluate(form, honest).IsFieldVisible("follow"));
    }

    [Fact]
    public void Page_conditions_show_a_page_only_when_they_hold()
    {
        var form = new FormDefinition
        {
            Id = "pages",
            Version = 1,
            Title = "Pages",
            Pages =
            [
                new FormPage { Id = "a", Title = "A", Fields = [new FieldDefinition { Id = "age", Type = FieldType.Number, Label = "Age" }] },
                new FormPage { Id = "adult", Title = "Adult", VisibleWhen = Condition.FieldGreaterThan("age", "17") },
                new FormPage { Id = "child", Title = "Child", VisibleWhen = Condition.All(Condition.FieldAnswered("age"), Condition.FieldLessThan("age", "18")) },
            ],
        };

        IEnumerable<string> Pages(int? age) => FormNavigator.Evaluate(form, age is null ? new FormAnswers() : new FormAnswers().Set("age", new NumberAnswer(age.Value))).VisiblePages.Select(p => p.Id);

        Assert.Equal(["a", "adult"], Pages(18));
        Assert.Equal(["a", "child"], Pages(17));
        Assert.Equal(["a"], Pages(null));
    }

    [Theory]
    [InlineData(ConditionKind.Equals, "asthma", true)]
    [InlineData(ConditionKind.Equals, "gout", false)]
    [InlineData(ConditionKind.NotEquals, "gout", true)]
    [InlineData(ConditionKind.NotEquals, "asthma", false)]
    public void Equality_on_a_multiple_choice_answer_means_the_option_was_picked(ConditionKind kind, string value, bool expected)
    {
        var answers = new FormAnswers().Set("c", new ListAnswer(["asthma", "diabetes"]));
        Assert.Equal(expected, ConditionEvaluator.Evaluate(new Condition { Kind = kind, FieldId = "c", Value = value }, answers));
    }

    [Fact]
    public void In_any_and_all_combine_as_expected()
    {
        var answers = new FormAnswers().Set("colour", new TextAnswer("red")).Set("n", new NumberAnswer(5)).Set("d", new DateAnswer(new DateOnly(2020, 1, 2)));
        Assert.True(ConditionEvaluator.Evaluate(Condition.FieldIn("colour", "blue", "red"), answers));
        Assert.False(ConditionEvaluator.Evaluate(Condition.FieldIn("colour", "blue", "green"), answers));
        Assert.True(ConditionEvaluator.Evaluate(Condition.All(Condition.FieldGreaterThan("n", "4"), Condition.FieldLessThan("n", "6")), answers));
        Assert.False(ConditionEvaluator.Evaluate(Condition.All(Condition.FieldGreaterThan("n", "5"), Condition.FieldLessThan("n", "6")), answers));
        Assert.True(ConditionEvaluator.Evaluate(Condition.Any(Condition.FieldGreaterThan("n", "5"), Condition.FieldEquals("colour", "red")), answers));
        Assert.True(ConditionEvaluator.Evaluate(Condition.FieldGreaterThan("d", "2020-01-01"), answers));
        Assert.False(ConditionEvaluator.Evaluate(Condition.FieldGreaterThan("missing", "0"), answers));
        Assert.False(ConditionEvaluator.Evaluate(Condition.FieldLessThan("missing", "0"), answers));
    }

    [Fact]
    public void The_checker_refuses_forward_references_and_backward_skips()
    {
        var form = new FormDefinition
        {
            Id = "bad",
            Version = 1,
            Title = "Bad",
            Pages =
            [
                new FormPage
                {
                    Id = "p1",
                    Title = "One",
                    Fields = [new FieldDefinition { Id = "early", Type = FieldType.ShortText, Label = "Early", VisibleWhen = Condition.FieldAnswered("late") }],
                },
                new FormPage
                {
                    Id = "p2",
                    Title = "Two",
                    Fields = [new FieldDefinition { Id = "late", Type = FieldType.ShortText, Label = "Late" }],
                    SkipRules = [new SkipRule(Condition.FieldAnswered("late"), "p1")],
                },
            ],
        };

        var problems = FormDefinitionChecker.Check(form);
        Assert.Contains(problems, p => p.Path == "pages[0].fields[0].visibleWhen");
        Assert.Contains(problems, p => p.Path == "pages[1].skipRules[0]");
        Assert.Empty(FormDefinitionChecker.Check(SampleForms.Intake()));
    }
}
