using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Scoring;
using Portal.Forms.Validation;

namespace Portal.Tests.Forms;

public sealed class InstrumentScoringTests
{
    /// <summary>Spreads a total over the items as evenly as the 0-3 scale allows, so every band is reached by real answers.</summary>
    private static FormAnswers AnswersTotalling(IReadOnlyList<string> itemIds, int total)
    {
        var answers = new FormAnswers();
        var remaining = total;
        for (var i = 0; i < itemIds.Count; i++)
        {
            var share = Math.Min(3, (int)Math.Ceiling(remaining / (double)(itemIds.Count - i)));
            answers.Set(itemIds[i], new TextAnswer(share.ToString(CultureInfo.InvariantCulture)));
            remaining -= share;
        }

        Assert.Equal(0, remaining);
        return answers;
    }

    [Theory]
    [InlineData(0, "Minimal depression")]
    [InlineData(4, "Minimal depression")]
    [InlineData(5, "Mild depression")]
    [InlineData(9, "Mild depression")]
    [InlineData(10, "Moderate depression")]
    [InlineData(14, "Moderate depression")]
    [InlineData(15, "Moderately severe depression")]
    [InlineData(19, "Moderately severe depression")]
    [InlineData(20, "Severe depression")]
    [InlineData(27, "Severe depression")]
    public void Phq9_totals_fall_in_the_published_bands(int total, string band)
    {
        var answers = AnswersTotalling(Phq9.ItemIds, total);
        var score = FormScorer.Score(Phq9.Create(), answers).Find(Phq9.TotalScoreId)!;

        Assert.True(score.IsComplete);
        Assert.Equal(total, score.Total);
        Assert.Equal(27, score.MaxPossible);
        Assert.Equal(band, score.Band?.Label);
    }

    [Theory]
    [InlineData(0, "Minimal anxiety")]
    [InlineData(4, "Minimal anxiety")]
    [InlineData(5, "Mild anxiety")]
    [InlineData(9, "Mild anxiety")]
    [InlineData(10, "Moderate anxiety")]
    [InlineData(14, "Moderate anxiety")]
    [InlineData(15, "Severe anxiety")]
    [InlineData(21, "Severe anxiety")]
    public void Gad7_totals_fall_in_the_published_bands(int total, string band)
    {
        var answers = AnswersTotalling(Gad7.ItemIds, total);
        var score = FormScorer.Score(Gad7.Create(), answers).Find(Gad7.TotalScoreId)!;

        Assert.Equal(total, score.Total);
        Assert.Equal(21, score.MaxPossible);
        Assert.Equal(band, score.Band?.Label);
    }

    [Fact]
    public void Phq9_uses_the_published_wording_and_scale()
    {
        var form = Phq9.Create();
        var page = Assert.Single(form.Pages);
        Assert.Equal("Over the last 2 weeks, how often have you been bothered by any of the following problems?", page.Description);
        Assert.Equal(10, page.Fields.Count);
        Assert.Equal("Little interest or pleasure in doing things", page.Fields[0].Label);
        Assert.Equal("Thoughts that you would be better off dead or of hurting yourself in some way", form.FindField(Phq9.SelfHarmItemId)!.Label);
        Assert.Equal(
            ["Not at all (0)", "Several days (1)", "More than half the days (2)", "Nearly every day (3)"],
            page.Fields[0].Options.Select(o => $"{o.Label} ({o.Score})"));
        Assert.Empty(FormDefinitionChecker.Check(form));
        Assert.Empty(FormDefinitionChecker.Check(Gad7.Create()));
        Assert.Empty(FormDefinitionChecker.Check(PatientSatisfactionSurvey.Create()));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("3")]
    public void Phq9_item_9_above_zero_is_flagged_even_with_a_minimal_total(string item9)
    {
        var answers = AnswersTotalling(Phq9.ItemIds, 0).Set(Phq9.SelfHarmItemId, new TextAnswer(item9));
        var report = FormScorer.Score(Phq9.Create(), answers);

        Assert.Equal("Minimal depression", report.Find(Phq9.TotalScoreId)!.Band!.Label);
        var flag = Assert.Single(report.Flags);
        Assert.Equal(Phq9.SelfHarmItemId, flag.FieldId);
        Assert.Equal(decimal.Parse(item9, CultureInfo.InvariantCulture), flag.ItemScore);
        Assert.True(report.NeedsAttention);
    }

    [Fact]
    public void Phq9_item_9_at_zero_raises_no_flag_even_with_a_severe_total()
    {
        var answers = AnswersTotalling(Phq9.ItemIds, 24).Set(Phq9.SelfHarmItemId, new TextAnswer("0"));
        var report = FormScorer.Score(Phq9.Create(), answers);
        Assert.Equal(22, report.Find(Phq9.TotalScoreId)!.Total); // 24 spread as six 3s and three 2s, item 9 lowered from 2 to 0
        Assert.Empty(report.Flags);
    }

    [Fact]
    public void Incomplete_answers_report_no_total_and_name_the_missing_items()
    {
        var answers = AnswersTotalling(Phq9.ItemIds, 27);
        answers.Remove("phq9_3");
        answers.Remove("phq9_7");
        var score = FormScorer.Score(Phq9.Create(), answers).Find(Phq9.TotalScoreId)!;

        Assert.False(score.IsComplete);
        Assert.Null(score.Total);
        Assert.Null(score.Band);
        Assert.Equal(["phq9_3", "phq9_7"], score.MissingItemIds);
    }

    [Fact]
    public void The_self_harm_flag_still_fires_when_other_items_are_missing()
    {
        var answers = new FormAnswers().Set(Phq9.SelfHarmItemId, new TextAnswer("2"));
        var report = FormScorer.Score(Phq9.Create(), answers);
        Assert.Null(report.Find(Phq9.TotalScoreId)!.Total);
        Assert.Single(report.Flags);
    }

    [Fact]
    public void The_difficulty_question_is_asked_only_after_a_problem_and_is_not_scored()
    {
        var validator = new FormValidator();
        var none = AnswersTotalling(Phq9.ItemIds, 0).Set(Phq9.DifficultyId, new TextAnswer("very"));
        Assert.Equal(Phq9.DifficultyId, Assert.Single(validator.Validate(Phq9.Create(), none).Errors).FieldId);

        var some = AnswersTotalling(Phq9.ItemIds, 6).Set(Phq9.DifficultyId, new TextAnswer("very"));
        Assert.True(validator.Validate(Phq9.Create(), some).IsValid);
        Assert.Equal(6, FormScorer.Score(Phq9.Create(), some).Find(Phq9.TotalScoreId)!.Total);
    }

    [Theory]
    [InlineData(0, NpsCategory.Detractor)]
    [InlineData(6, NpsCategory.Detractor)]
    [InlineData(7, NpsCategory.Passive)]
    [InlineData(8, NpsCategory.Passive)]
    [InlineData(9, NpsCategory.Promoter)]
    [InlineData(10, NpsCategory.Promoter)]
    public void Recommendation_ratings_are_categorised(int rating, NpsCategory expected)
    {
        Assert.Equal(expected, NetPromoterScore.Categorise(rating));

        var answers = new FormAnswers().Set(PatientSatisfactionSurvey.RecommendId, new NumberAnswer(rating));
        var band = FormScorer.Score(PatientSatisfactionSurvey.Create(), answers).Find(PatientSatisfactionSurvey.NpsScoreId)!.Band;
        Assert.Equal(expected.ToString(), band?.Label);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Ratings_outside_0_to_10_are_refused(int rating) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NetPromoterScore.Categorise(rating));

    [Fact]
    public void Nps_is_percent_promoters_minus_percent_detractors()
    {
        // 5 promoters, 3 passives, 2 detractors out of 10: 50% - 20% = 30.
        var summary = NetPromoterScore.Summarise([10, 9, 9, 10, 9, 8, 7, 7, 6, 0]);
        Assert.Equal(new NpsSummary(10, 5, 3, 2, 30m), summary);

        Assert.Equal(-100m, NetPromoterScore.Summarise([0, 3, 6]).Score);
        Assert.Equal(100m, NetPromoterScore.Summarise([9, 10]).Score);
        Assert.Equal(33.3m, NetPromoterScore.Summarise([10, 8, 7]).Score);
        Assert.Null(NetPromoterScore.Summarise([]).Score);
    }

    [Fact]
    public void The_satisfaction_survey_skips_contact_details_when_no_contact_is_wanted()
    {
        var form = PatientSatisfactionSurvey.Create();
        var noContact = new FormAnswers()
            .Set(PatientSatisfactionSurvey.RecommendId, new NumberAnswer(4))
            .Set("contact_me", new TextAnswer("no"));
        var visibility = Portal.Forms.Logic.FormNavigator.Evaluate(form, noContact);
        Assert.Equal(["visit", "thanks"], visibility.VisiblePages.Select(p => p.Id));
        Assert.True(visibility.IsFieldVisible("improve"));
        Assert.False(visibility.IsFieldVisible("went_well"));

        var withContact = noContact.Set("contact_me", new TextAnswer("yes")).Set(PatientSatisfactionSurvey.RecommendId, new NumberAnswer(10));
        visibility = Portal.Forms.Logic.FormNavigator.Evaluate(form, withContact);
        Assert.Equal(["visit", "contact", "thanks"], visibility.VisiblePages.Select(p => p.Id));
        Assert.False(visibility.IsFieldVisible("improve"));
        Assert.True(visibility.IsFieldVisible("went_well"));
    }
}
