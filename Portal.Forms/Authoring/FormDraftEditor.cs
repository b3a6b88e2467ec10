using System.Globalization;
using System.Text;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Instruments;
using Portal.Forms.Scoring;
using Portal.Forms.Validation;

namespace Portal.Forms.Authoring;

/// <summary>
/// The edits a form builder makes to a draft, each returning a new definition. Edits that could never be
/// right (a rule whose minimum is above its maximum, a pattern that does not compile, a condition reading a
/// later question) are refused with <see cref="FormEditException"/>; gaps an author fills in later (a choice
/// question without choices yet) are allowed and reported by <see cref="FormDefinitionChecker"/>.
/// </summary>
public static class FormDraftEditor
{
    /// <summary>Longest question, page or score label accepted.</summary>
    public const int MaxLabelLength = 500;

    /// <summary>Longest help or description text accepted.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The condition tests offered to authors: single comparisons; All/Any are kept when already present but not built here.</summary>
    public static IReadOnlyList<ConditionKind> BuilderConditionKinds { get; } =
        [ConditionKind.Equals, ConditionKind.NotEquals, ConditionKind.In, ConditionKind.GreaterThan, ConditionKind.LessThan, ConditionKind.Answered];

    /// <summary>Sets the form's title and description.</summary>
    public static FormDefinition SetDetails(FormDefinition form, string title, string? description) =>
        form with { Title = Line(title, 200, "The form title"), Description = Text(description, "The description") };

    /// <summary>Adds an empty page at the end.</summary>
    public static FormDefinition AddPage(FormDefinition form, string title)
    {
        var page = new FormPage { Id = NextId("page-", form.Pages.Select(p => p.Id)), Title = Line(title, MaxLabelLength, "The page title") };
        return form with { Pages = [.. form.Pages, page] };
    }

    /// <summary>Renames a page and sets its introduction.</summary>
    public static FormDefinition UpdatePage(FormDefinition form, string pageId, string title, string? description) =>
        ReplacePage(form, pageId, p => p with { Title = Line(title, MaxLabelLength, "The page title"), Description = Text(description, "The page introduction") });

    /// <summary>Moves a page one place earlier (<paramref name="delta"/> -1) or later (+1).</summary>
    public static FormDefinition MovePage(FormDefinition form, string pageId, int delta)
    {
        var index = PageIndex(form, pageId);
        var target = index + Math.Sign(delta);
        if (target < 0 || target >= form.Pages.Count)
            throw new FormEditException("The page is already at that end of the form.");
        var pages = form.Pages.ToList();
        (pages[index], pages[target]) = (pages[target], pages[index]);
        return form with { Pages = pages };
    }

    /// <summary>Removes a page and its questions; the last page cannot go.</summary>
    public static FormDefinition DeletePage(FormDefinition form, string pageId)
    {
        var index = PageIndex(form, pageId);
        if (form.Pages.Count == 1)
            throw new FormEditException("A form needs at least one page; add another page before deleting this one.");
        return form with { Pages = [.. form.Pages.Where((_, i) => i != index)] };
    }

    /// <summary>Adds a question of any type at the end of a page and returns the new form and the question's id.</summary>
    public static (FormDefinition Form, string FieldId) AddField(FormDefinition form, string pageId, FieldType type, string label)
    {
        if (!Enum.IsDefined(type))
            throw new FormEditException("Choose a question type from the list.");
        var field = new FieldDefinition
        {
            Id = NextId("q", form.AllFields.Select(f => f.Id)),
            Type = type,
            Label = Line(label, MaxLabelLength, "The question"),
        };
        return (ReplacePage(form, pageId, p => p with { Fields = [.. p.Fields, field] }), field.Id);
    }

    /// <summary>Applies the settings form of a question: text, required, rules, choices and matrix rows.</summary>
    public static FormDefinition UpdateField(FormDefinition form, string fieldId, FieldEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return ReplaceField(form, fieldId, field => field with
        {
            Label = Line(edit.Label, MaxLabelLength, "The question"),
            HelpText = Text(edit.HelpText, "The help text"),
            Required = edit.Required,
            Rules = Rules(field.Type, edit.Rules),
            Options = TakesOptions(field.Type) ? Options(field, edit.Options) : [],
            Rows = field.Type == FieldType.LikertMatrix ? Rows(field, edit.Rows) : [],
        });
    }

    /// <summary>Moves a question one place up or down; past the edge of its page it moves to the neighbouring page.</summary>
    public static FormDefinition MoveField(FormDefinition form, string fieldId, int delta)
    {
        var (pageIndex, fieldIndex) = FieldPosition(form, fieldId);
        var pages = form.Pages.Select(p => p.Fields.ToList()).ToList();
        var field = pages[pageIndex][fieldIndex];
        var step = Math.Sign(delta);
        var target = fieldIndex + step;
        if (target >= 0 && target < pages[pageIndex].Count)
        {
            (pages[pageIndex][fieldIndex], pages[pageIndex][target]) = (pages[pageIndex][target], field);
        }
        else
        {
            var otherPage = pageIndex + step;
            if (otherPage < 0 || otherPage >= pages.Count)
                throw new FormEditException("The question is already at that end of the form.");
            pages[pageIndex].RemoveAt(fieldIndex);
            pages[otherPage].Insert(step < 0 ? pages[otherPage].Count : 0, field);
        }

        return form with { Pages = [.. form.Pages.Select((p, i) => p with { Fields = pages[i] })] };
    }

    /// <summary>Removes a question; conditions and scores that read it must be changed first.</summary>
    public static FormDefinition DeleteField(FormDefinition form, string fieldId)
    {
        var field = FindField(form, fieldId);
        var readers = form.Pages.SelectMany(p => p.Fields.Where(f => f.VisibleWhen?.ReferencedFieldIds().Contains(fieldId) == true).Select(f => $"question \"{f.Label}\"")
                .Concat(p.VisibleWhen?.ReferencedFieldIds().Contains(fieldId) == true ? [$"page \"{p.Title}\""] : [])
                .Concat(p.SkipRules.Any(r => r.When.ReferencedFieldIds().Contains(fieldId)) ? [$"a skip rule of page \"{p.Title}\""] : []))
            .Concat(form.Scores.Where(s => s.ItemFieldIds.Contains(fieldId)).Select(s => $"score \"{s.Label}\""))
            .ToList();
        if (readers.Count > 0)
            throw new FormEditException($"\"{field.Label}\" is used by {string.Join(", ", readers)}; change those first.");
        return form with { Pages = [.. form.Pages.Select(p => p with { Fields = [.. p.Fields.Where(f => f.Id != fieldId)] })] };
    }

    /// <summary>Shows the question only when the condition holds; null shows it always.</summary>
    public static FormDefinition SetFieldCondition(FormDefinition form, string fieldId, Condition? condition)
    {
        var (pageIndex, fieldIndex) = FieldPosition(form, fieldId);
        if (condition is not null)
            RequireEarlier(form, condition, EarlierFieldIds(form, pageIndex, fieldIndex), "a question that comes before this one");
        return ReplaceField(form, fieldId, f => f with { VisibleWhen = condition });
    }

    /// <summary>Shows the page only when the condition holds; null shows it always.</summary>
    public static FormDefinition SetPageCondition(FormDefinition form, string pageId, Condition? condition)
    {
        var index = PageIndex(form, pageId);
        if (condition is not null)
            RequireEarlier(form, condition, form.Pages.Take(index).SelectMany(p => p.Fields).Select(f => f.Id), "a question on an earlier page");
        return ReplacePage(form, pageId, p => p with { VisibleWhen = condition });
    }

    /// <summary>After the page, jumps to a later page when the condition holds.</summary>
    public static FormDefinition AddSkipRule(FormDefinition form, string pageId, Condition condition, string targetPageId)
    {
        var index = PageIndex(form, pageId);
        RequireEarlier(form, condition, form.Pages.Take(index + 1).SelectMany(p => p.Fields).Select(f => f.Id), "a question on this page or an earlier one");
        var target = form.Pages.Select((p, i) => (p.Id, i)).FirstOrDefault(x => x.Id == targetPageId);
        if (target.Id is null || target.i <= index)
            throw new FormEditException("A skip can only jump forward, to a later page of this form.");
        return ReplacePage(form, pageId, p => p with { SkipRules = [.. p.SkipRules, new SkipRule(condition, targetPageId)] });
    }

    /// <summary>Removes one skip rule of a page.</summary>
    public static FormDefinition RemoveSkipRule(FormDefinition form, string pageId, int ruleIndex) =>
        ReplacePage(form, pageId, p => ruleIndex >= 0 && ruleIndex < p.SkipRules.Count
            ? p with { SkipRules = [.. p.SkipRules.Where((_, i) => i != ruleIndex)] }
            : throw new FormEditException("That skip rule no longer exists."));

    /// <summary>Adds a score summing the points of the chosen questions, placed in the given bands.</summary>
    public static FormDefinition AddScore(FormDefinition form, string label, IReadOnlyList<string> itemFieldIds, IReadOnlyList<ScoreBand> bands)
    {
        ArgumentNullException.ThrowIfNull(itemFieldIds);
        ArgumentNullException.ThrowIfNull(bands);
        if (itemFieldIds.Count == 0)
            throw new FormEditException("Choose at least one question for the score to add up.");
        foreach (var id in itemFieldIds)
        {
            if (!IsScorable(FindField(form, id)))
                throw new FormEditException($"\"{FindField(form, id).Label}\" cannot be scored; choose choice, scale, matrix or number questions.");
        }

        var cleanBands = bands.Select(b => b.Min > b.Max
                ? throw new FormEditException($"Band \"{b.Label}\" starts above where it ends.")
                : b with { Label = Line(b.Label, 100, "A band name") })
            .OrderBy(b => b.Min)
            .ToList();
        for (var i = 1; i < cleanBands.Count; i++)
        {
            if (cleanBands[i].Min <= cleanBands[i - 1].Max)
                throw new FormEditException($"Bands \"{cleanBands[i - 1].Label}\" and \"{cleanBands[i].Label}\" overlap.");
        }

        var score = new ScoreDefinition
        {
            Id = NextId("score-", form.Scores.Select(s => s.Id)),
            Label = Line(label, MaxLabelLength, "The score name"),
            ItemFieldIds = [.. itemFieldIds.Distinct(StringComparer.Ordinal)],
            Bands = cleanBands,
        };
        return form with { Scores = [.. form.Scores, score] };
    }

    /// <summary>Makes a 0-10 question the form's "how likely are you to recommend" question, scored in the Net Promoter bands.</summary>
    public static FormDefinition AddNetPromoterScore(FormDefinition form, string fieldId)
    {
        var field = FindField(form, fieldId);
        if (field.Type != FieldType.Scale0To10)
            throw new FormEditException("A Net Promoter score needs a 0-10 scale question.");
        return AddScore(form, "Net Promoter category", [fieldId], PatientSatisfactionSurvey.NpsBands);
    }

    /// <summary>Removes a score.</summary>
    public static FormDefinition RemoveScore(FormDefinition form, string scoreId) =>
        form.Scores.Any(s => s.Id == scoreId)
            ? form with { Scores = [.. form.Scores.Where(s => s.Id != scoreId)] }
            : throw new FormEditException("That score no longer exists.");

    /// <summary>
    /// Builds a single comparison on an existing question from what the author picked. For choice questions the
    /// value may be a choice's label or key; "is one of" takes several, separated by commas.
    /// </summary>
    public static Condition BuildCondition(FormDefinition form, string sourceFieldId, ConditionKind kind, string? value)
    {
        var source = FindField(form, sourceFieldId);
        if (!BuilderConditionKinds.Contains(kind))
            throw new FormEditException("Choose a test from the list.");
        if (kind == ConditionKind.Answered)
            return Condition.FieldAnswered(source.Id);

        var raw = (value ?? "").Trim();
        if (raw.Length == 0)
            throw new FormEditException($"Enter the answer to compare \"{source.Label}\" with.");
        if (kind == ConditionKind.In)
            return Condition.FieldIn(source.Id, [.. raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => ComparedValue(source, v, kind))]);
        var compared = ComparedValue(source, raw, kind);
        return new Condition { Kind = kind, FieldId = source.Id, Value = compared };
    }

    /// <summary>Whether a question's answer can be added into a score.</summary>
    public static bool IsScorable(FieldDefinition field) =>
        field.Type is FieldType.SingleChoice or FieldType.Dropdown or FieldType.MultipleChoice or FieldType.LikertMatrix or FieldType.Scale0To10 or FieldType.Number;

    /// <summary>Whether the question type offers choices.</summary>
    public static bool TakesOptions(FieldType type) =>
        type is FieldType.SingleChoice or FieldType.MultipleChoice or FieldType.Dropdown or FieldType.LikertMatrix;

    private static string ComparedValue(FieldDefinition source, string raw, ConditionKind kind)
    {
        if (source.Type is FieldType.LikertMatrix or FieldType.Signature or FieldType.FileUpload)
            throw new FormEditException($"\"{source.Label}\" can only be tested for being answered.");
        if (kind is ConditionKind.GreaterThan or ConditionKind.LessThan && source.Type is not (FieldType.Number or FieldType.Scale0To10 or FieldType.Date))
            throw new FormEditException("Greater than and less than work on number, scale and date questions.");
        if (TakesOptions(source.Type))
        {
            var option = source.FindOption(raw) ?? source.Options.FirstOrDefault(o => string.Equals(o.Label, raw, StringComparison.CurrentCultureIgnoreCase));
            return option?.Value ?? throw new FormEditException(
                $"\"{raw}\" is not a choice of \"{source.Label}\"; use one of: {string.Join(", ", source.Options.Select(o => o.Label))}.");
        }

        switch (source.Type)
        {
            case FieldType.Number or FieldType.Scale0To10:
                return decimal.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                    ? n.ToString(CultureInfo.InvariantCulture)
                    : throw new FormEditException($"\"{source.Label}\" takes a number; enter one such as 7.");
            case FieldType.Date:
                return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : throw new FormEditException($"\"{source.Label}\" takes a date; enter it as YYYY-MM-DD.");
            case FieldType.Consent:
                return raw.ToLowerInvariant() is "true" or "yes" or "ticked" ? "true"
                    : raw.ToLowerInvariant() is "false" or "no" ? "false"
                    : throw new FormEditException($"\"{source.Label}\" is a tick box; compare it with yes or no.");
            default:
                return Line(raw, MaxLabelLength, "The compared answer");
        }
    }

    private static void RequireEarlier(FormDefinition form, Condition condition, IEnumerable<string> earlier, string where)
    {
        var allowed = earlier.ToHashSet(StringComparer.Ordinal);
        foreach (var id in condition.ReferencedFieldIds())
        {
            if (!allowed.Contains(id))
                throw new FormEditException($"A condition can only read {where}, not \"{form.FindField(id)?.Label ?? id}\".");
        }
    }

    private static IEnumerable<string> EarlierFieldIds(FormDefinition form, int pageIndex, int fieldIndex) =>
        form.Pages.Take(pageIndex).SelectMany(p => p.Fields).Concat(form.Pages[pageIndex].Fields.Take(fieldIndex)).Select(f => f.Id);

    private static ValidationRules? Rules(FieldType type, ValidationRules? rules)
    {
        if (rules is null)
            return null;
        var text = type is FieldType.ShortText or FieldType.LongText or FieldType.Email or FieldType.Phone;
        var kept = new ValidationRules
        {
            MinLength = text ? rules.MinLength : null,
            MaxLength = text ? rules.MaxLength : null,
            Pattern = type == FieldType.ShortText && !string.IsNullOrWhiteSpace(rules.Pattern) ? rules.Pattern : null,
            PatternMessage = type == FieldType.ShortText && !string.IsNullOrWhiteSpace(rules.Pattern) ? Text(rules.PatternMessage, "The pattern message") : null,
            MinValue = type == FieldType.Number ? rules.MinValue : null,
            MaxValue = type == FieldType.Number ? rules.MaxValue : null,
            MinDate = type == FieldType.Date ? rules.MinDate : null,
            MaxDate = type == FieldType.Date ? rules.MaxDate : null,
            NotInFuture = type == FieldType.Date && rules.NotInFuture,
            MinSelections = type == FieldType.MultipleChoice ? rules.MinSelections : null,
            MaxSelections = type == FieldType.MultipleChoice ? rules.MaxSelections : null,
            MaxFileBytes = type == FieldType.FileUpload ? rules.MaxFileBytes : null,
        };
        if (kept.MinLength < 0 || kept.MaxLength < 1 || kept.MinSelections < 0 || kept.MaxSelections < 1 || kept.MaxFileBytes < 1)
            throw new FormEditException("Lengths, counts and sizes must be positive.");
        if (kept.MinLength > kept.MaxLength || kept.MinValue > kept.MaxValue || kept.MinDate > kept.MaxDate || kept.MinSelections > kept.MaxSelections)
            throw new FormEditException("A minimum is above its maximum.");
        if (kept.Pattern is { } pattern && (pattern.Length > 500 || !PatternMatcher.IsValidPattern(pattern)))
            throw new FormEditException("The pattern is not a valid regular expression.");
        return kept == new ValidationRules() ? null : kept;
    }

    // A blank label removes a choice; kept choices keep their stored key so earlier answers still match.
    private static List<FieldOption> Options(FieldDefinition field, IReadOnlyList<OptionEdit> edits)
    {
        var result = new List<FieldOption>();
        foreach (var edit in edits.Where(e => !string.IsNullOrWhiteSpace(e.Label)))
        {
            if (edit.Value is not null && field.FindOption(edit.Value) is null)
                throw new FormEditException("A choice was changed elsewhere; reload the page and try again.");
            var label = Line(edit.Label, MaxLabelLength, "A choice");
            var value = edit.Value ?? NextKey(label, field.Options.Select(o => o.Value).Concat(result.Select(o => o.Value)));
            result.Add(new FieldOption(value, label, edit.Score));
        }

        return result;
    }

    private static List<MatrixRow> Rows(FieldDefinition field, IReadOnlyList<RowEdit> edits)
    {
        var result = new List<MatrixRow>();
        foreach (var edit in edits.Where(e => !string.IsNullOrWhiteSpace(e.Label)))
        {
            if (edit.Id is not null && field.Rows.All(r => r.Id != edit.Id))
                throw new FormEditException("A statement was changed elsewhere; reload the page and try again.");
            var label = Line(edit.Label, MaxLabelLength, "A statement");
            result.Add(new MatrixRow(edit.Id ?? NextKey(label, field.Rows.Select(r => r.Id).Concat(result.Select(r => r.Id))), label));
        }

        return result;
    }

    private static FormDefinition ReplacePage(FormDefinition form, string pageId, Func<FormPage, FormPage> change)
    {
        var index = PageIndex(form, pageId);
        return form with { Pages = [.. form.Pages.Select((p, i) => i == index ? change(p) : p)] };
    }

    private static FormDefinition ReplaceField(FormDefinition form, string fieldId, Func<FieldDefinition, FieldDefinition> change)
    {
        FindField(form, fieldId);
        return form with { Pages = [.. form.Pages.Select(p => p with { Fields = [.. p.Fields.Select(f => f.Id == fieldId ? change(f) : f)] })] };
    }

    private static int PageIndex(FormDefinition form, string pageId)
    {
        for (var i = 0; i < form.Pages.Count; i++)
        {
            if (form.Pages[i].Id == pageId)
                return i;
        }

        throw new FormEditException("That page no longer exists; reload the form.");
    }

    private static FieldDefinition FindField(FormDefinition form, string fieldId) =>
        form.FindField(fieldId) ?? throw new FormEditException("That question no longer exists; reload the form.");

    private static (int Page, int Field) FieldPosition(FormDefinition form, string fieldId)
    {
        for (var p = 0; p < form.Pages.Count; p++)
        {
            for (var f = 0; f < form.Pages[p].Fields.Count; f++)
            {
                if (form.Pages[p].Fields[f].Id == fieldId)
                    return (p, f);
            }
        }

        throw new FormEditException("That question no longer exists; reload the form.");
    }

    private static string NextId(string prefix, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var n = used.Count + 1;
        while (used.Contains(prefix + n.ToString(CultureInfo.InvariantCulture)))
            n++;
        return prefix + n.ToString(CultureInfo.InvariantCulture);
    }

    // Keys appear in stored answers and input names, so they are plain: lower-case letters, digits and '-'.
    private static string NextKey(string label, IEnumerable<string> taken)
    {
        var slug = new StringBuilder();
        foreach (var c in label.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
            if (slug.Length >= 40)
                break;
        }

        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? "choice" : stem;
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var key = stem;
        for (var n = 2; used.Contains(key); n++)
            key = $"{stem}-{n}";
        return key;
    }

    private static string Line(string? text, int max, string what)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
            throw new FormEditException($"{what} cannot be empty.");
        if (value.Length > max || value.Any(char.IsControl))
            throw new FormEditException($"{what} must be one line of at most {max} characters.");
        return value;
    }

    private static string? Text(string? text, string what)
    {
        var value = text?.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Length > MaxTextLength || value.Any(c => char.IsControl(c) && c != '\n'))
            throw new FormEditException($"{what} must be at most {MaxTextLength} characters of plain text.");
        return value;
    }
}
