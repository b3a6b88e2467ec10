using System.Text.RegularExpressions;
using Portal.Forms.Conditions;
using Portal.Forms.Validation;

namespace Portal.Forms.Definitions;

/// <summary>
/// Checks a definition is consistent before it is frozen: ids unique and safe, options present where
/// needed, conditions reading only earlier questions, skips going forward, patterns compiling, scores
/// pointing at scorable items. Patients never meet a form that fails here.
/// </summary>
public static partial class FormDefinitionChecker
{
    /// <summary>Every problem found; empty when the definition may be published.</summary>
    public static IReadOnlyList<DefinitionProblem> Check(FormDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<DefinitionProblem>();
        void Problem(string path, string message) => problems.Add(new DefinitionProblem(path, message));

        if (!IsSafeId(definition.Id))
        {
            Problem("id", "The form id must be 1-64 letters, digits, '_' or '-'.");
        }

        if (definition.Version < 1)
        {
            Problem("version", "The version must be 1 or more.");
        }

        if (string.IsNullOrWhiteSpace(definition.Title))
        {
            Problem("title", "The form needs a title.");
        }

        if (definition.Pages.Count == 0)
        {
            Problem("pages", "The form needs at least one page.");
        }

        var pageIds = new HashSet<string>(StringComparer.Ordinal);
        var seenFields = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            var pagePath = $"pages[{p}]";
            if (!IsSafeId(page.Id) || !pageIds.Add(page.Id))
            {
                Problem(pagePath, $"Page id '{page.Id}' must be unique and made of letters, digits, '_' or '-'.");
            }

            var fieldsBeforePage = seenFields.ToHashSet(StringComparer.Ordinal);
            if (page.VisibleWhen is not null)
            {
                CheckCondition(page.VisibleWhen, fieldsBeforePage, $"{pagePath}.visibleWhen", Problem);
            }

            for (var f = 0; f < page.Fields.Count; f++)
            {
                var field = page.Fields[f];
                var fieldPath = $"{pagePath}.fields[{f}]";
                if (field.VisibleWhen is not null)
                {
                    CheckCondition(field.VisibleWhen, seenFields, $"{fieldPath}.visibleWhen", Problem);
                }

                if (!IsSafeId(field.Id) || !seenFields.Add(field.Id))
                {
                    Problem(fieldPath, $"Field id '{field.Id}' must be unique in the form and made of letters, digits, '_' or '-'.");
                }

                CheckField(field, fieldPath, Problem);
            }

            for (var s = 0; s < page.SkipRules.Count; s++)
            {
                var rule = page.SkipRules[s];
                CheckCondition(rule.When, seenFields, $"{pagePath}.skipRules[{s}].when", Problem);
                var target = definition.Pages.Select((pg, i) => (pg.Id, i)).FirstOrDefault(x => x.Id == rule.TargetPageId);
                if (target.Id is null || target.i <= p)
                {
                    Problem($"{pagePath}.skipRules[{s}]", $"Skip target '{rule.TargetPageId}' must be a later page of this form.");
                }
            }
        }

        for (var s = 0; s < definition.Scores.Count; s++)
        {
            CheckScore(definition, definition.Scores[s], $"scores[{s}]", Problem);
        }

        return problems;
    }

    private static void CheckField(FieldDefinition field, string path, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(field.Label))
        {
            problem(path, $"Field '{field.Id}' needs a label.");
        }

        var takesOptions = field.Type is FieldType.SingleChoice or FieldType.MultipleChoice or FieldType.Dropdown or FieldType.LikertMatrix;
        if (takesOptions && field.Options.Count == 0)
        {
            problem(path, $"Field '{field.Id}' needs options to choose from.");
        }

        if (!takesOptions && field.Options.Count > 0)
        {
            problem(path, $"Field '{field.Id}' is a {field.Type} and cannot have options.");
        }

        if (field.Options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != field.Options.Count
            || field.Options.Any(o => string.IsNullOrEmpty(o.Value)))
        {
            problem(path, $"Field '{field.Id}' has blank or repeated option values.");
        }

        if (field.Type == FieldType.LikertMatrix)
        {
            if (field.Rows.Count == 0)
            {
                problem(path, $"Matrix '{field.Id}' needs rows.");
            }

            if (field.Rows.Any(r => !IsSafeId(r.Id)) || field.Rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != field.Rows.Count)
            {
                problem(path, $"Matrix '{field.Id}' has invalid or repeated row ids.");
            }
        }
        else if (field.Rows.Count > 0)
        {
            problem(path, $"Field '{field.Id}' is not a matrix and cannot have rows.");
        }

        if (field.Rules is { } rules)
        {
            if (rules.Pattern is { } pattern && !PatternMatcher.IsValidPattern(pattern))
            {
                problem(path, $"Field '{field.Id}' has a pattern that is not a valid regular expression.");
            }

            if (rules.MinLength > rules.MaxLength || rules.MinValue > rules.MaxValue || rules.MinDate > rules.MaxDate || rules.MinSelections > rules.MaxSelections)
            {
                problem(path, $"Field '{field.Id}' has a minimum above its maximum.");
            }
        }
    }

    private static void CheckCondition(Condition condition, IReadOnlySet<string> earlierFields, string path, Action<string, string> problem)
    {
        switch (condition.Kind)
        {
            case ConditionKind.All or ConditionKind.Any:
                if (condition.Conditions.Count == 0)
                {
                    problem(path, "An all/any condition needs at least one child condition.");
                }

                for (var i = 0; i < condition.Conditions.Count; i++)
                {
                    CheckCondition(condition.Conditions[i], earlierFields, $"{path}.conditions[{i}]", problem);
                }

                return;
            case ConditionKind.In when condition.Values.Count == 0:
                problem(path, "An 'in' condition needs at least one value.");
                break;
            case ConditionKind.Equals or ConditionKind.NotEquals or ConditionKind.GreaterThan or ConditionKind.LessThan when condition.Value is null:
                problem(path, $"A '{condition.Kind}' condition needs a value.");
                break;
        }

        if (condition.FieldId is null || !earlierFields.Contains(condition.FieldId))
        {
            problem(path, $"The condition must refer to a question that comes earlier in the form, not '{condition.FieldId}'.");
        }
    }

    private static void CheckScore(FormDefinition definition, Scoring.ScoreDefinition score, string path, Action<string, string> problem)
    {
        if (score.ItemFieldIds.Count == 0)
        {
            problem(path, $"Score '{score.Id}' needs items.");
        }

        foreach (var itemId in score.ItemFieldIds)
        {
            var field = definition.FindField(itemId);
            if (field is null || field.Type is not (FieldType.SingleChoice or FieldType.Dropdown or FieldType.MultipleChoice
                or FieldType.LikertMatrix or FieldType.Scale0To10 or FieldType.Number))
            {
                problem(path, $"Score '{score.Id}' item '{itemId}' must be a scorable question of this form.");
            }
        }

        if (score.Flags.Any(f => !score.ItemFieldIds.Contains(f.FieldId)))
        {
            problem(path, $"Score '{score.Id}' flags an item that is not one of its items.");
        }

        if (score.Bands.Any(b => b.Min > b.Max))
        {
            problem(path, $"Score '{score.Id}' has a band whose minimum is above its maximum.");
        }
    }

    private static bool IsSafeId(string? id) => id is not null && SafeId().IsMatch(id);

    // Ids end up in HTML input names and URLs, and '.' separates matrix rows in posts, so keep them plain.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
