using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;

namespace Portal.Web.Features.Shared.Forms;

/// <summary>
/// One question as _Field.cshtml renders it: the definition, the answer to show, and its errors. Input names follow
/// <see cref="FormPostBinder"/> so a post binds straight back into answers.
/// </summary>
public sealed record FieldView(FieldDefinition Field, AnswerValue? Answer, IReadOnlyList<string> Errors)
{
    /// <summary>Element id of the question's first input (what an error summary links to).</summary>
    public string InputId => InputIdOf(Field.Id);

    public string HelpId => $"{InputId}-help";

    public string ErrorId => $"{InputId}-error";

    public static string InputIdOf(string fieldId) => $"f-{fieldId}";

    /// <summary>The ids aria-describedby should list: help first, then the error.</summary>
    public string? DescribedBy
    {
        get
        {
            var ids = new List<string>();
            if (!string.IsNullOrWhiteSpace(Field.HelpText)) ids.Add(HelpId);
            if (Errors.Count > 0) ids.Add(ErrorId);
            return ids.Count == 0 ? null : string.Join(' ', ids);
        }
    }

    public string Text => Answer switch
    {
        TextAnswer t => t.Text,
        NumberAnswer n => n.Number.ToString(CultureInfo.InvariantCulture),
        DateAnswer d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        SignatureAnswer s => s.TypedName,
        _ => "",
    };

    public bool IsPicked(string value) => Answer switch
    {
        TextAnswer t => t.Text == value,
        ListAnswer l => l.Values.Contains(value),
        NumberAnswer n => n.Number.ToString(CultureInfo.InvariantCulture) == value,
        _ => false,
    };

    public bool IsPicked(string rowId, string value) => Answer is MatrixAnswer m && m.Rows.TryGetValue(rowId, out var v) && v == value;

    public bool IsTicked => Answer is BooleanAnswer { Value: true };
}
