using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;

namespace Portal.Forms.Scoring;

/// <summary>Computes a form's scores and flags from the answers to its visible questions.</summary>
public static class FormScorer
{
    /// <summary>Scores the answers; answers to hidden questions are ignored.</summary>
    public static ScoreReport Score(FormDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);

        var effective = FormNavigator.Evaluate(definition, answers).EffectiveAnswers;
        var results = new List<ScoreResult>();
        var flags = new List<RaisedFlag>();
        foreach (var score in definition.Scores)
        {
            results.Add(Compute(definition, score, effective));
            foreach (var flag in score.Flags)
            {
                var field = definition.FindField(flag.FieldId);
                if (field is not null && ItemScore(field, effective.Find(field.Id)) is { } points && points >= flag.MinimumItemScore)
                {
                    flags.Add(new RaisedFlag(score.Id, flag.FieldId, points, flag.Message));
                }
            }
        }

        return new ScoreReport(results, flags);
    }

    private static ScoreResult Compute(FormDefinition definition, ScoreDefinition score, FormAnswers answers)
    {
        var total = 0m;
        decimal? maxPossible = 0m;
        var missing = new List<string>();
        foreach (var itemId in score.ItemFieldIds)
        {
            var field = definition.FindField(itemId);
            var points = field is null ? null : ItemScore(field, answers.Find(itemId));
            if (points is null)
            {
                missing.Add(itemId);
            }
            else
            {
                total += points.Value;
            }

            maxPossible = field is null ? null : maxPossible + ItemMax(field);
        }

        var complete = missing.Count == 0;
        return new ScoreResult
        {
            ScoreId = score.Id,
            Label = score.Label,
            Total = complete ? total : null,
            MaxPossible = maxPossible,
            Band = complete ? score.Bands.FirstOrDefault(b => b.Contains(total)) : null,
            MissingItemIds = missing,
        };
    }

    /// <summary>The points an answer earns, or null when unanswered or not scorable (incomplete matrices included).</summary>
    public static decimal? ItemScore(FieldDefinition field, AnswerValue? answer) => answer switch
    {
        null => null,
        NumberAnswer n => n.Number,
        TextAnswer t => OptionScore(field, t.Text),
        ListAnswer l => l.Values.Select(v => OptionScore(field, v)).Aggregate((decimal?)0m, (sum, p) => sum + p),
        MatrixAnswer m when field.Rows.All(r => m.Rows.ContainsKey(r.Id)) =>
            field.Rows.Select(r => OptionScore(field, m.Rows[r.Id])).Aggregate((decimal?)0m, (sum, p) => sum + p),
        _ => null,
    };

    // An option without an explicit score counts its value when that is a number, as on a numeric rating scale.
    private static decimal? OptionScore(FieldDefinition field, string value)
    {
        var option = field.FindOption(value);
        if (option is null)
        {
            return null;
        }

        return option.Score ?? (decimal.TryParse(option.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null);
    }

    private static decimal? ItemMax(FieldDefinition field) => field.Type switch
    {
        FieldType.Scale0To10 => 10,
        FieldType.Number => field.Rules?.MaxValue,
        FieldType.MultipleChoice => field.Options.Select(o => OptionScore(field, o.Value)).Aggregate((decimal?)0m, (sum, p) => sum + (p is > 0 ? p : 0)),
        FieldType.LikertMatrix => field.Rows.Count * field.Options.Select(o => OptionScore(field, o.Value)).Max(),
        _ => field.Options.Select(o => OptionScore(field, o.Value)).Max(),
    };
}
