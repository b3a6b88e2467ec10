using System.Globalization;
using Portal.Forms.Definitions;

namespace Portal.Forms.Answers;

/// <summary>
/// Turns the strings a browser posts into typed answers, one field at a time, so a web layer can bind
/// form posts without knowing each field type. Only the shape is checked here; rules are the validator's job.
/// </summary>
/// <remarks>
/// Conventions for <c>rawValues</c>: one value for most types; every ticked value for multiple choice;
/// "rowId=optionValue" per row for a Likert matrix; [typed name, PNG data URI] for a signature;
/// [file name, content type, size in bytes] for an upload; "true"/"on" for a ticked consent box.
/// Blank input (nothing posted, or only whitespace) is reported as <see cref="ParsedAnswer.Blank"/>.
/// </remarks>
public static class AnswerParser
{
    /// <summary>Reads the posted values of one field.</summary>
    public static ParsedAnswer Parse(FieldDefinition field, IReadOnlyList<string?> rawValues)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(rawValues);

        var values = rawValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        if (values.Count == 0)
        {
            return ParsedAnswer.Blank;
        }

        return field.Type switch
        {
            FieldType.ShortText or FieldType.Email or FieldType.Phone => Single(values, v => new TextAnswer(v.Trim())),
            FieldType.LongText => Single(values, v => new TextAnswer(v)),
            FieldType.SingleChoice or FieldType.Dropdown => Single(values, v => new TextAnswer(v.Trim())),
            FieldType.MultipleChoice => ParsedAnswer.Answered(new ListAnswer(values.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList())),
            FieldType.Number => ParseNumber(values),
            FieldType.Scale0To10 => ParseScale(values),
            FieldType.Date => ParseDate(values),
            FieldType.Consent => ParseConsent(values),
            FieldType.LikertMatrix => ParseMatrix(values),
            FieldType.Signature => ParseSignature(rawValues),
            FieldType.FileUpload => ParseFile(rawValues),
            _ => ParsedAnswer.Failed("This question cannot be answered here."),
        };
    }

    private static ParsedAnswer Single(List<string> values, Func<string, AnswerValue> make) =>
        values.Count == 1 ? ParsedAnswer.Answered(make(values[0])) : ParsedAnswer.Failed("Give only one answer.");

    private static ParsedAnswer ParseNumber(List<string> values)
    {
        if (values.Count != 1)
        {
            return ParsedAnswer.Failed("Give only one number.");
        }

        return decimal.TryParse(values[0].Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? ParsedAnswer.Answered(new NumberAnswer(number))
            : ParsedAnswer.Failed("Enter a number, for example 42 or 3.5.");
    }

    private static ParsedAnswer ParseScale(List<string> values)
    {
        if (values.Count != 1 || !int.TryParse(values[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var point) || point > 10)
        {
            return ParsedAnswer.Failed("Choose a whole number from 0 to 10.");
        }

        return ParsedAnswer.Answered(new NumberAnswer(point));
    }

    private static ParsedAnswer ParseDate(List<string> values)
    {
        // HTML date inputs always post ISO yyyy-MM-dd whatever the browser's locale shows.
        if (values.Count == 1 && DateOnly.TryParseExact(values[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ParsedAnswer.Answered(new DateAnswer(date));
        }

        return ParsedAnswer.Failed("Enter a real date as year-month-day, for example 1980-04-23.");
    }

    private static ParsedAnswer ParseConsent(List<string> values) =>
        values[0].Trim().ToLowerInvariant() switch
        {
            "true" or "on" or "yes" or "1" => ParsedAnswer.Answered(new BooleanAnswer(true)),
            "false" or "off" or "no" or "0" => ParsedAnswer.Answered(new BooleanAnswer(false)),
            _ => ParsedAnswer.Failed("Tick the box or leave it empty."),
        };

    private static ParsedAnswer ParseMatrix(List<string> values)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var split = value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || split == value.Length - 1)
            {
                return ParsedAnswer.Failed("Pick one point on the scale for each statement.");
            }

            var rowId = value[..split].Trim();
            if (!rows.TryAdd(rowId, value[(split + 1)..].Trim()))
            {
                return ParsedAnswer.Failed("Pick only one point on the scale for each statement.");
            }
        }

        return ParsedAnswer.Answered(new MatrixAnswer(rows));
    }

    private static ParsedAnswer ParseSignature(IReadOnlyList<string?> rawValues)
    {
        var name = rawValues.Count > 0 ? rawValues[0]?.Trim() ?? "" : "";
        var image = rawValues.Count > 1 ? rawValues[1]?.Trim() ?? "" : "";
        return ParsedAnswer.Answered(new SignatureAnswer(name, image));
    }

    private static ParsedAnswer ParseFile(IReadOnlyList<string?> rawValues)
    {
        if (rawValues.Count != 3 || string.IsNullOrWhiteSpace(rawValues[0]) || string.IsNullOrWhiteSpace(rawValues[1])
            || !long.TryParse(rawValues[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return ParsedAnswer.Failed("The upload did not arrive intact; please attach the file again.");
        }

        return ParsedAnswer.Answered(new FileAnswer(rawValues[0]!.Trim(), rawValues[1]!.Trim(), size));
    }
}
