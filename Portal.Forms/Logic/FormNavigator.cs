using Portal.Forms.Answers;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;

namespace Portal.Forms.Logic;

/// <summary>
/// Walks a form in page order with the given answers, applying page and field conditions and skip rules,
/// to decide what the patient sees. Conditions only ever read answers to questions already judged visible,
/// so an answer smuggled into a hidden question can never steer the path.
/// </summary>
public static class FormNavigator
{
    /// <summary>Computes the visible pages and questions.</summary>
    public static FormVisibility Evaluate(FormDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);

        var effective = new FormAnswers();
        var visiblePages = new List<FormPage>();
        var visibleFields = new List<string>();
        var pageIndex = definition.Pages.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        var index = 0;
        while (index < definition.Pages.Count)
        {
            var page = definition.Pages[index];
            if (page.VisibleWhen is not null && !ConditionEvaluator.Evaluate(page.VisibleWhen, effective))
            {
                index++;
                continue;
            }

            visiblePages.Add(page);
            foreach (var field in page.Fields)
            {
                if (field.VisibleWhen is not null && !ConditionEvaluator.Evaluate(field.VisibleWhen, effective))
                {
                    continue;
                }

                visibleFields.Add(field.Id);
                if (answers.TryGetValue(field.Id, out var answer) && !answer.IsEmpty)
                {
                    effective.Set(field.Id, answer);
                }
            }

            index = NextIndex(page, index, effective, pageIndex);
        }

        return new FormVisibility(visiblePages, visibleFields, effective);
    }

    private static int NextIndex(FormPage page, int index, FormAnswers effective, Dictionary<string, int> pageIndex)
    {
        foreach (var rule in page.SkipRules)
        {
            // Only forward jumps are honoured so a bad rule can never loop the patient back forever.
            if (ConditionEvaluator.Evaluate(rule.When, effective)
                && pageIndex.TryGetValue(rule.TargetPageId, out var target) && target > index)
            {
                return target;
            }
        }

        return index + 1;
    }
}
