using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Logic;
using Portal.Forms.Scoring;

namespace Portal.Grains.Forms.Results;

/// <summary>
/// Turns submissions into counts per version, distributions per question, score bands over time per patient
/// and Net Promoter results. Questions and bands come from the newest version; each submission is read and
/// scored against the version it answered, so a choice dropped later still counts under its old label.
/// </summary>
public static class FormResultsAggregator
{
    public static FormResultsSummary Summarise(
        IReadOnlyDictionary<int, FormDefinition> versions, IReadOnlyList<FormResponse> responses, int minimumCellSize)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCellSize, 1);
        var latest = versions[versions.Keys.Max()];
        var known = responses.Where(r => versions.ContainsKey(r.Version)).ToList();

        // Answers to questions hidden by the patient's own path do not count, as they would not have been accepted.
        var effective = known.Select(r => (Definition: versions[r.Version], Answers: FormNavigator.Evaluate(versions[r.Version], r.Answers).EffectiveAnswers)).ToList();

        return new FormResultsSummary(
            latest.Title,
            known.Count,
            minimumCellSize,
            [.. known.GroupBy(r => r.Version).OrderBy(g => g.Key).Select(g => new VersionCount(g.Key, g.Count()))],
            [.. latest.AllFields.Where(IsCharted).Select(f => Distribution(f, effective, minimumCellSize))],
            // A Net Promoter "score" places one answer in a category; it has no course over time to draw.
            [.. latest.Scores.Where(s => !IsNetPromoterScore(latest, s)).Select(s => Timeline(s, versions, known))],
            [.. NetPromoterQuestions(latest).Select(f => NetPromoter(f, effective.Select(e => e.Answers.Find(f.Id)).ToList(), minimumCellSize))]);
    }

    /// <summary>
    /// Hides counts from 1 to <paramref name="minimumCellSize"/> - 1. When that hides exactly one cell, the next smallest
    /// count is hidden too, or the hidden one could be worked out from the total.
    /// </summary>
    public static IReadOnlyList<DistributionCell> Suppress(IReadOnlyList<(string Label, int Count)> cells, int minimumCellSize)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var hidden = cells.Select(c => c.Count > 0 && c.Count < minimumCellSize).ToArray();
        if (hidden.Count(h => h) == 1)
        {
            var next = cells.Select((c, i) => (c.Count, i)).Where(x => !hidden[x.i] && x.Count > 0).OrderBy(x => x.Count).Select(x => (int?)x.i).FirstOrDefault();
            if (next is { } index)
                hidden[index] = true;
        }

        return [.. cells.Select((c, i) => new DistributionCell(c.Label, hidden[i] ? null : c.Count))];
    }

    /// <summary>The 0-10 questions scored on their own in the Net Promoter bands, as the satisfaction survey and the builder set them up.</summary>
    public static IEnumerable<FieldDefinition> NetPromoterQuestions(FormDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Scores
            .Where(s => IsNetPromoterScore(definition, s))
            .Select(s => definition.FindField(s.ItemFieldIds[0])!)
            .DistinctBy(f => f.Id);
    }

    private static bool IsNetPromoterScore(FormDefinition definition, ScoreDefinition score) =>
        score.ItemFieldIds.Count == 1
        && definition.FindField(score.ItemFieldIds[0]) is { Type: FieldType.Scale0To10 }
        && score.Bands.SequenceEqual(PatientSatisfactionSurvey.NpsBands, BandComparer.Instance);

    private static bool IsCharted(FieldDefinition field) =>
        field.Type is FieldType.SingleChoice or FieldType.Dropdown or FieldType.MultipleChoice or FieldType.LikertMatrix or FieldType.Scale0To10;

    private static QuestionDistribution Distribution(FieldDefinition field, List<(FormDefinition Definition, FormAnswers Answers)> answered, int k)
    {
        var answers = answered.Select(a => (a.Definition.FindField(field.Id), Answer: a.Answers.Find(field.Id))).Where(a => a.Answer is not null).ToList();
        if (field.Type == FieldType.Scale0To10)
        {
            var points = Enumerable.Range(0, 11).Select(p => (p.ToString(CultureInfo.InvariantCulture),
                answers.Count(a => a.Answer is NumberAnswer n && n.Number == p))).ToList();
            return new QuestionDistribution(field.Id, field.Label, field.Type, answers.Count, [new DistributionSeries(null, Suppress(points, k))]);
        }

        if (field.Type == FieldType.LikertMatrix)
        {
            var series = field.Rows.Select(row => new DistributionSeries(row.Label, Suppress(Tally(field,
                answers.Select(a => (a.Item1, a.Answer is MatrixAnswer m && m.Rows.TryGetValue(row.Id, out var v) ? new[] { v } : []))), k)));
            return new QuestionDistribution(field.Id, field.Label, field.Type, answers.Count, [.. series]);
        }

        var picked = answers.Select(a => (a.Item1, a.Answer switch
        {
            TextAnswer t => new[] { t.Text },
            ListAnswer l => l.Values.ToArray(),
            _ => [],
        }));
        return new QuestionDistribution(field.Id, field.Label, field.Type, answers.Count, [new DistributionSeries(null, Suppress(Tally(field, picked), k))]);
    }

    // Current choices first, in order; values only older versions offered follow, under their old labels.
    private static List<(string Label, int Count)> Tally(FieldDefinition field, IEnumerable<(FieldDefinition? AnsweredField, string[] Values)> picks)
    {
        var counts = field.Options.ToDictionary(o => o.Value, _ => 0, StringComparer.Ordinal);
        var labels = field.Options.ToDictionary(o => o.Value, o => o.Label, StringComparer.Ordinal);
        var order = field.Options.Select(o => o.Value).ToList();
        foreach (var (answeredField, values) in picks)
        {
            foreach (var value in values)
            {
                if (!counts.ContainsKey(value))
                {
                    counts[value] = 0;
                    labels[value] = (answeredField?.FindOption(value)?.Label ?? value) + " (no longer offered)";
                    order.Add(value);
                }

                counts[value]++;
            }
        }

        return [.. order.Select(v => (labels[v], counts[v]))];
    }

    private static ScoreTimeline Timeline(ScoreDefinition score, IReadOnlyDictionary<int, FormDefinition> versions, List<FormResponse> responses)
    {
        var latest = versions[versions.Keys.Max()];
        var maxPossible = FormScorer.Score(latest, new FormAnswers()).Find(score.Id)?.MaxPossible;
        var patients = responses
            .Select(r => (r.PatientId, r.SubmittedUtc, Result: FormScorer.Score(versions[r.Version], r.Answers).Find(score.Id)))
            .Where(x => x.Result?.Total is not null)
            .GroupBy(x => x.PatientId)
            .Select(g => new PatientScoreSeries(g.Key, [.. g.OrderBy(x => x.SubmittedUtc)
                .Select(x => new ScorePoint(x.SubmittedUtc, x.Result!.Total!.Value, score.Bands.FirstOrDefault(b => b.Contains(x.Result.Total.Value))?.Label))]))
            .OrderBy(p => p.PatientId)
            .ToList();
        return new ScoreTimeline(score.Id, score.Label, maxPossible, score.Bands, patients);
    }

    private static NetPromoterResult NetPromoter(FieldDefinition field, List<AnswerValue?> answers, int k)
    {
        var ratings = answers.OfType<NumberAnswer>().Select(n => (int)n.Number).Where(n => n is >= 0 and <= 10).ToList();
        var summary = NetPromoterScore.Summarise(ratings);
        if (summary.Responses < k)
            return new NetPromoterResult(field.Id, field.Label, summary.Responses, null, []);
        // The score and the number of responses give the categories away, so hiding small ones would only pretend;
        // below the minimum number of responses nothing is shown instead.
        DistributionCell[] categories =
        [
            new("Detractors (0-6)", summary.Detractors), new("Passives (7-8)", summary.Passives), new("Promoters (9-10)", summary.Promoters),
        ];
        return new NetPromoterResult(field.Id, field.Label, summary.Responses, summary, categories);
    }

    private sealed class BandComparer : IEqualityComparer<ScoreBand>
    {
        public static readonly BandComparer Instance = new();

        public bool Equals(ScoreBand? x, ScoreBand? y) => x is not null && y is not null && x.Min == y.Min && x.Max == y.Max;

        public int GetHashCode(ScoreBand obj) => HashCode.Combine(obj.Min, obj.Max);
    }
}
