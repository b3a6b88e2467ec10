using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Validation;

namespace Portal.Forms.Rendering;

/// <summary>Turns an answer into the words staff read: option labels rather than stored values.</summary>
public static class AnswerFormatter
{
    /// <summary>Shown for a question left unanswered.</summary>
    public const string NoAnswer = "(no answer)";

    /// <summary>The answer as lines of plain text (never markup), with option labels instead of stored values.</summary>
    public static IReadOnlyList<string> Format(FieldDefinition field, AnswerValue? answer) => answer switch
    {
        null => [NoAnswer],
        TextAnswer t when field.Type is FieldType.SingleChoice or FieldType.Dropdown => [OptionText(field, t.Text)],
        TextAnswer t => [t.Text],
        NumberAnswer n => [field.Type == FieldType.Scale0To10 ? $"{Number(n.Number)} out of 10" : Number(n.Number)],
        DateAnswer d => [d.Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) + $" ({d.Date:yyyy-MM-dd})"],
        BooleanAnswer b => [b.Value ? "Yes \u2014 agreed" : "No \u2014 not agreed"],
        ListAnswer l => l.Values.Select(v => "\u2022 " + OptionText(field, v)).ToList(),
        MatrixAnswer m => field.Rows.Select(r => $"{r.Label}: {(m.Rows.TryGetValue(r.Id, out var v) ? OptionText(field, v) : NoAnswer)}").ToList(),
        FileAnswer f => [$"{f.FileName} ({f.ContentType}, {FileContentCheck.DescribeSize(f.SizeBytes)})"],
        SignatureAnswer s => [$"Typed name: {s.TypedName}"],
        _ => [answer.ToString() ?? ""],
    };

    // Scored options show their points so staff can check a total by eye.
    private static string OptionText(FieldDefinition field, string value)
    {
        var option = field.FindOption(value);
        if (option is null)
        {
            return value;
        }

        return option.Score is { } score ? $"{option.Label} ({Number(score)})" : option.Label;
    }

    /// <summary>A number without trailing zeros, in invariant culture.</summary>
    public static string Number(decimal number) => number.ToString("0.##########", CultureInfo.InvariantCulture);
}
