using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;

namespace Portal.Web.Features.Forms;

/// <summary>One question as the field partial draws it: the answer so far (or what was just posted) and its errors.</summary>
public sealed record FieldView(FieldDefinition Field, AnswerValue? Answer, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, IReadOnlyList<string?>>? Posted)
{
    public string InputId => "f-" + Field.Id;
    public string ErrorId => InputId + "-error";
    public string HelpId => InputId + "-help";
    public bool HasErrors => Errors.Count > 0;
    public bool AcceptsUploads { get; init; }

    /// <summary>The question's show/hide condition as JSON, when the browser re-checks it as answers on this page change.</summary>
    public string? LiveCondition { get; init; }

    /// <summary>Drawn but hidden with its controls disabled, so nothing is posted for it until its condition holds.</summary>
    public bool Hidden { get; init; }

    /// <summary>The ids that describe the control: its help text and its error, when present.</summary>
    public string? DescribedBy
    {
        get
        {
            var ids = new List<string>();
            if (!string.IsNullOrEmpty(Field.HelpText)) ids.Add(HelpId);
            if (HasErrors) ids.Add(ErrorId);
            return ids.Count == 0 ? null : string.Join(' ', ids);
        }
    }

    /// <summary>The single value to show in a text-like control.</summary>
    public string Text(string? name = null)
    {
        if (Posted?.GetValueOrDefault(name ?? Field.Id) is { Count: > 0 } posted) return posted[0] ?? "";
        return Answer switch
        {
            TextAnswer t => t.Text,
            NumberAnswer n => n.Number.ToString(CultureInfo.InvariantCulture),
            DateAnswer d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => "",
        };
    }

    /// <summary>Whether an option (or a matrix row's option) is picked.</summary>
    public bool IsPicked(string value, string? rowId = null)
    {
        var name = rowId is null ? Field.Id : $"{Field.Id}.{rowId}";
        if (Posted is not null && Posted.ContainsKey(name)) return Posted[name].Contains(value);
        return (Answer, rowId) switch
        {
            (TextAnswer t, null) => t.Text == value,
            (NumberAnswer n, null) => n.Number.ToString(CultureInfo.InvariantCulture) == value,
            (ListAnswer l, null) => l.Values.Contains(value),
            (MatrixAnswer m, { } row) => m.Rows.TryGetValue(row, out var v) && v == value,
            _ => false,
        };
    }

    public bool IsTicked => Posted?.GetValueOrDefault(Field.Id) is { Count: > 0 } p ? p[0] is "true" or "on" : Answer is BooleanAnswer { Value: true };
}
