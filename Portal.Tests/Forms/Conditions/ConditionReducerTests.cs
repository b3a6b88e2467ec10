using Portal.Forms.Answers;
using Portal.Forms.Conditions;

namespace Portal.Tests.Forms.Conditions;

public sealed class ConditionReducerTests
{
    private static readonly HashSet<string> SamePage = ["allergies_any", "allergy_count"];

    private static Dictionary<string, AnswerValue> Earlier(string smoker) => new() { ["smoker"] = new TextAnswer(smoker) };

    [Fact]
    public void A_test_of_a_field_on_the_page_is_kept_as_it_is()
    {
        var condition = Condition.FieldEquals("allergies_any", "yes");

        Assert.Same(condition, ConditionReducer.Reduce(condition, SamePage, Earlier("current")));
    }

    [Fact]
    public void Tests_of_earlier_answers_are_decided_now_and_leave_only_the_page_test()
    {
        var condition = Condition.All(Condition.FieldEquals("smoker", "current"), Condition.FieldEquals("allergies_any", "yes"));

        Assert.Equal(Condition.FieldEquals("allergies_any", "yes"), ConditionReducer.Reduce(condition, SamePage, Earlier("current")), ConditionComparer);
        Assert.True(ConditionReducer.IsConstant(ConditionReducer.Reduce(condition, SamePage, Earlier("never")), out var value));
        Assert.False(value);
    }

    [Fact]
    public void A_decided_alternative_settles_an_any_and_an_undecided_one_drops_out()
    {
        var condition = Condition.Any(Condition.FieldIn("smoker", "current", "former"), Condition.FieldGreaterThan("allergy_count", "2"));

        Assert.True(ConditionReducer.IsConstant(ConditionReducer.Reduce(condition, SamePage, Earlier("former")), out var shown));
        Assert.True(shown);
        Assert.Equal(Condition.FieldGreaterThan("allergy_count", "2"), ConditionReducer.Reduce(condition, SamePage, Earlier("never")), ConditionComparer);
    }

    [Fact]
    public void The_reduced_condition_carries_no_earlier_answer()
    {
        var condition = Condition.All(Condition.FieldNotEquals("smoker", "Pat's secret"), Condition.Any(Condition.FieldAnswered("allergies_any"), Condition.FieldLessThan("allergy_count", "1")));

        var reduced = ConditionReducer.Reduce(condition, SamePage, Earlier("current"));

        Assert.DoesNotContain("smoker", reduced.ReferencedFieldIds());
        Assert.Equal(["allergies_any", "allergy_count"], reduced.ReferencedFieldIds());
    }

    // Whatever is answered on the page, the reduced condition decides exactly as the whole one over all answers.
    [Theory]
    [InlineData("current")]
    [InlineData("never")]
    [InlineData("")]
    public void The_reduced_condition_agrees_with_the_whole_one_for_every_answer_on_the_page(string smoker)
    {
        var condition = Condition.Any(
            Condition.All(Condition.FieldEquals("smoker", "current"), Condition.FieldEquals("allergies_any", "yes")),
            Condition.All(Condition.FieldNotEquals("smoker", "current"), Condition.FieldGreaterThan("allergy_count", "2")),
            Condition.All());
        var narrower = condition with { Conditions = condition.Conditions.Take(2).ToList() };
        var earlier = smoker == "" ? new Dictionary<string, AnswerValue>() : Earlier(smoker);

        foreach (var whole in new[] { condition, narrower })
        {
            var reduced = ConditionReducer.Reduce(whole, SamePage, earlier);
            foreach (var allergies in new AnswerValue?[] { null, new TextAnswer("yes"), new TextAnswer("no") })
            {
                foreach (var count in new AnswerValue?[] { null, new NumberAnswer(1), new NumberAnswer(3) })
                {
                    var page = new Dictionary<string, AnswerValue>();
                    if (allergies is not null) page["allergies_any"] = allergies;
                    if (count is not null) page["allergy_count"] = count;
                    var all = new Dictionary<string, AnswerValue>(page.Concat(earlier));

                    Assert.Equal(ConditionEvaluator.Evaluate(whole, all), ConditionEvaluator.Evaluate(reduced, page));
                }
            }
        }
    }

    private static readonly IEqualityComparer<Condition> ConditionComparer = EqualityComparer<Condition>.Create(
        (a, b) => System.Text.Json.JsonSerializer.Serialize(a, Portal.Forms.Versioning.FormJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, Portal.Forms.Versioning.FormJson.Options));
}
