using Portal.Forms.Answers;

namespace Portal.Forms.Conditions;

/// <summary>
/// Splits a condition between what is already known and what is still being answered: tests of fields outside a
/// chosen set are evaluated now and replaced by a constant, so the rest can be evaluated elsewhere (in the browser,
/// as the patient answers) without carrying the other answers along.
/// </summary>
public static class ConditionReducer
{
    /// <summary>The constant that always holds: <see cref="ConditionKind.All"/> with no children.</summary>
    public static Condition True { get; } = Condition.All();

    /// <summary>The constant that never holds: <see cref="ConditionKind.Any"/> with no children.</summary>
    public static Condition False { get; } = Condition.Any();

    /// <summary>
    /// Evaluates every test of a field not in <paramref name="openFieldIds"/> over <paramref name="answers"/> and
    /// simplifies, so the result holds for some answers to the open fields exactly when the original would.
    /// </summary>
    public static Condition Reduce(Condition condition, IReadOnlySet<string> openFieldIds, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(openFieldIds);
        ArgumentNullException.ThrowIfNull(answers);

        if (condition.Kind is not (ConditionKind.All or ConditionKind.Any))
        {
            if (condition.FieldId is not null && openFieldIds.Contains(condition.FieldId))
            {
                return condition;
            }

            return ConditionEvaluator.Evaluate(condition, answers) ? True : False;
        }

        // A child equal to the parent's identity (true under All, false under Any) changes nothing; one equal to its
        // absorbing constant decides the parent.
        var isAll = condition.Kind == ConditionKind.All;
        var kept = new List<Condition>();
        foreach (var child in condition.Conditions.Select(c => Reduce(c, openFieldIds, answers)))
        {
            if (IsConstant(child, out var value))
            {
                if (value != isAll)
                {
                    return value ? True : False;
                }

                continue;
            }

            kept.Add(child);
        }

        return kept.Count switch
        {
            0 => isAll ? True : False,
            1 => kept[0],
            _ => condition with { Conditions = kept },
        };
    }

    /// <summary>Whether the condition reads no field at all, and if so its value.</summary>
    public static bool IsConstant(Condition condition, out bool value)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.ReferencedFieldIds().Any())
        {
            value = false;
            return false;
        }

        value = ConditionEvaluator.Evaluate(condition, new Dictionary<string, AnswerValue>());
        return true;
    }
}
