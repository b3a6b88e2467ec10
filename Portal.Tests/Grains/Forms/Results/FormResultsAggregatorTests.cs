using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Grains.Forms.Results;

namespace Portal.Tests.Grains.Forms.Results;

public sealed class FormResultsAggregatorTests
{
    private static readonly Dictionary<int, FormDefinition> Survey = new() { [1] = PatientSatisfactionSurvey.Create() };

    [Fact]
    public void Net_promoter_score_counts_categories_and_shows_nothing_below_the_minimum_of_responses()
    {
        // 10 ratings: promoters 9,10,10,9 (4); passives 7,8 (2); detractors 0,5,6,6 (4) -> (4 - 4) / 10 = 0.
        // Then 2 more promoters: (6 - 4) / 12 = 16.7.
        int[] ratings = [9, 10, 10, 9, 7, 8, 0, 5, 6, 6, 10, 9];
        var responses = ratings.Select(r => SurveyResponses.Satisfaction(Guid.NewGuid(), r)).ToList();

        var nps = Assert.Single(FormResultsAggregator.Summarise(Survey, responses, 3).NetPromoter);
        Assert.Equal(PatientSatisfactionSurvey.RecommendId, nps.FieldId);
        Assert.Equal(12, nps.Responses);
        Assert.Equal(16.7m, nps.Summary!.Score);
        Assert.Equal([4, 2, 6], nps.Categories.Select(c => c.Count));

        var few = FormResultsAggregator.Summarise(Survey, responses.Take(2).ToList(), 3).NetPromoter.Single();
        Assert.Null(few.Summary);
        Assert.Empty(few.Categories);
        Assert.Equal(2, few.Responses);
    }

    [Fact]
    public void Distributions_count_each_choice_per_question_and_per_matrix_row()
    {
        var agree = new Dictionary<string, string> { ["scheduling"] = "4", ["staff"] = "5", ["explained"] = "5", ["wait"] = "2" };
        var responses = new List<FormResponse>
        {
            SurveyResponses.Satisfaction(Guid.NewGuid(), 10, "yes", experience: agree),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 10, "yes", experience: agree),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 10, "yes", experience: agree),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 3, "no"),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 3, "no"),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 3, "no"),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 3, "no"),
        };

        var summary = FormResultsAggregator.Summarise(Survey, responses, 1);

        Assert.Empty(summary.Scores); // the survey's only score is its Net Promoter category
        Assert.Equal(7, summary.Responses);
        Assert.Equal([new VersionCount(1, 7)], summary.Versions);
        var contact = summary.Questions.Single(q => q.FieldId == "contact_me");
        Assert.Equal(7, contact.Respondents);
        Assert.Equal([("Yes", (int?)3), ("No", 4)], contact.Series.Single().Cells.Select(c => (c.Label, c.Count)));
        var scale = summary.Questions.Single(q => q.FieldId == PatientSatisfactionSurvey.RecommendId).Series.Single().Cells;
        Assert.Equal(11, scale.Count);
        Assert.Equal(4, scale[3].Count);
        Assert.Equal(3, scale[10].Count);
        Assert.Equal(0, scale[5].Count);

        var matrix = summary.Questions.Single(q => q.FieldId == "experience");
        Assert.Equal(3, matrix.Respondents);
        Assert.Equal(4, matrix.Series.Count);
        Assert.Equal("I was seen within a reasonable time of my appointment.", matrix.Series[3].RowLabel);
        Assert.Equal([0, 3, 0, 0, 0], matrix.Series[3].Cells.Select(c => c.Count));
    }

    [Fact]
    public void Small_counts_are_suppressed_with_a_second_cell_so_they_cannot_be_worked_out_from_the_total()
    {
        var cells = FormResultsAggregator.Suppress([("A", 10), ("B", 1), ("C", 4), ("D", 0)], 3);
        Assert.Equal([10, null, null, 0], cells.Select(c => c.Count));

        var two = FormResultsAggregator.Suppress([("A", 10), ("B", 1), ("C", 2), ("D", 5)], 3);
        Assert.Equal([10, null, null, 5], two.Select(c => c.Count));

        var none = FormResultsAggregator.Suppress([("A", 3), ("B", 0)], 3);
        Assert.Equal([3, 0], none.Select(c => c.Count));
        Assert.Equal([1, 2], FormResultsAggregator.Suppress([("A", 1), ("B", 2)], 1).Select(c => c.Count));
    }

    [Fact]
    public void Score_bands_over_time_follow_each_patient_in_order_and_skip_incomplete_submissions()
    {
        var ana = Guid.NewGuid();
        var ben = Guid.NewGuid();
        var versions = new Dictionary<int, FormDefinition> { [1] = Phq9.Create() };
        var responses = new List<FormResponse>
        {
            SurveyResponses.Phq9(ana, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0),    // 8: mild
            SurveyResponses.Phq9(ana, 0, 3, 3, 3, 3, 3, 2, 2, 2, 1),    // 22: severe
            SurveyResponses.Phq9(ana, 1, 2, 2, 2, 2, 2, 2, 1, 1, 0),    // 14: moderate
            SurveyResponses.Phq9(ben, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0),    // 2: minimal
            SurveyResponses.Phq9(ben, 1, 3, 3, 3),                      // incomplete: no total
        };

        var timeline = Assert.Single(FormResultsAggregator.Summarise(versions, responses, 3).Scores);

        Assert.Equal(Phq9.TotalScoreId, timeline.ScoreId);
        Assert.Equal(27, timeline.MaxPossible);
        var anaSeries = timeline.Patients.Single(p => p.PatientId == ana).Points;
        Assert.Equal([22m, 14m, 8m], anaSeries.Select(p => p.Total));
        Assert.Equal(["Severe depression", "Moderate depression", "Mild depression"], anaSeries.Select(p => p.Band));
        Assert.True(anaSeries[0].SubmittedUtc < anaSeries[1].SubmittedUtc);
        var benSeries = timeline.Patients.Single(p => p.PatientId == ben).Points;
        Assert.Equal([2m], benSeries.Select(p => p.Total));
        Assert.Equal("Minimal depression", benSeries[0].Band);
    }

    [Fact]
    public void Answers_to_an_older_version_count_under_its_choices_and_in_the_version_counts()
    {
        var v1 = PatientSatisfactionSurvey.Create();
        var contact = v1.FindField("contact_me")!;
        var v2 = v1 with
        {
            Version = 2,
            Pages = [v1.Pages[0] with { Fields = [.. v1.Pages[0].Fields.Select(f => f.Id == contact.Id ? f with { Options = [new("yes", "Yes please"), new("no", "No thanks")] } : f)] }, .. v1.Pages.Skip(1)],
        };
        var oldVersionOnly = v1 with { Pages = [v1.Pages[0] with { Fields = [.. v1.Pages[0].Fields.Select(f => f.Id == contact.Id ? f with { Options = [.. f.Options, new("later", "Maybe later")] } : f)] }, .. v1.Pages.Skip(1)] };
        var versions = new Dictionary<int, FormDefinition> { [1] = oldVersionOnly, [2] = v2 };
        var responses = new List<FormResponse>
        {
            SurveyResponses.Satisfaction(Guid.NewGuid(), 9, "later", version: 1),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 9, "yes", version: 1),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 9, "yes", version: 2),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 9, "no", version: 2),
            SurveyResponses.Satisfaction(Guid.NewGuid(), 9, "no", version: 7), // no such version: ignored
        };

        var summary = FormResultsAggregator.Summarise(versions, responses, 1);

        Assert.Equal([new VersionCount(1, 2), new VersionCount(2, 2)], summary.Versions);
        var cells = summary.Questions.Single(q => q.FieldId == contact.Id).Series.Single().Cells;
        Assert.Equal([("Yes please", (int?)2), ("No thanks", 1), ("Maybe later (no longer offered)", 1)], cells.Select(c => (c.Label, c.Count)));
    }
}
