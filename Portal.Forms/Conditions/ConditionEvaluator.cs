using System.Globalization;
using Portal.Forms.Answers;

namespace Portal.Forms.Conditions;

/// <summary>Decides whether a <see cref="Condition"/> holds over a set of answers.</summary>
public static class ConditionEvaluator
{
    /// <summary>Evaluates the condition; answers the caller does not pass count as unanswered.</summary>
    public static bool Evaluate(Condition condition, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(answers);

        return condition.Kind switch
        {
            ConditionKind.All => condition.Conditions.All(c => Evaluate(c, answers)),
            ConditionKind.Any => condition.Conditions.Any(c => Evaluate(c, answers)),
            ConditionKind.Answered => AnswerOf(condition, answers) is { IsEmpty: false },
            ConditionKind.Equals => Matches(AnswerOf(condition, answers), condition.Value),
            ConditionKind.NotEquals => !Matches(AnswerOf(condition, answers), condition.Value),
            ConditionKind.In => condition.Values.Any(v => Matches(AnswerOf(condition, answers), v)),
            ConditionKind.GreaterThan => Compare(AnswerOf(condition, answers), condition.Value) is > 0,
            ConditionKind.LessThan => Compare(AnswerOf(condition, answers), condition.Value) is < 0,
            _ => throw new InvalidOperationException($"Unknown condition kind {condition.Kind}."),
        };
    }

    private static AnswerValue? AnswerOf(Condition condition, IReadOnlyDictionary<string, AnswerValue> answers) =>
        condition.FieldId is not null && answers.TryGetValue(condition.FieldId, out var answer) && !answer.IsEmpty ? answer : null;

    private static bool Matches(AnswerValue? answer, string? expected)
    {
        if (answer is null || expected is null)
        {
            return false;
        }

        return answer switch
        {
            ListAnswer list => list.Values.Contains(expected, StringComparer.Ordinal),
            NumberAnswer number => TryNumber(expected, out var n) && number.Number == n,
            BooleanAnswer boolean => bool.TryParse(expected, out var b) && boolean.Value == b,
            DateAnswer date => DateOnly.TryParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && date.Date == d,
            TextAnswer text => string.Equals(text.Text, expected, StringComparison.Ordinal),
            _ => false,
        };
    }

    // Null means "not comparable", which makes both GreaterThan and LessThan false rather than guessing.
    private static int? Compare(AnswerValue? answer, string? expected)
    {
        if (answer is null || expected is null)
        {
            return null;
        }

        switch (answer)
        {
            case NumberAnswer number when TryNumber(expected, out var n):
                return number.Number.CompareTo(n);
            case DateAnswer date when DateOnly.TryParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d):
                return date.Date.CompareTo(d);
            case TextAnswer text when TryNumber(text.Text, out var left) && TryNumber(expected, out var right):
                return left.CompareTo(right);
            default:
                return null;
        }
    }

    private static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number);
}
