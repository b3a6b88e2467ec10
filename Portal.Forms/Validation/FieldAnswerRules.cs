using System.Globalization;
using Portal.Forms.Answers;
using Portal.Forms.Definitions;

namespace Portal.Forms.Validation;

/// <summary>Checks one non-empty answer against its question's type and rules.</summary>
internal sealed class FieldAnswerRules(TimeProvider timeProvider)
{
    // Ceilings that apply even when a form sets none, so one answer cannot bloat storage or the PDF.
    internal const int DefaultShortTextMaxLength = 500;
    internal const int DefaultLongTextMaxLength = 20_000;
    internal const int TypedNameMaxLength = 200;

    public IEnumerable<string> Check(FieldDefinition field, AnswerValue answer)
    {
        var rules = field.Rules ?? new ValidationRules();
        return (field.Type, answer) switch
        {
            (FieldType.ShortText, TextAnswer t) => CheckText(t.Text, rules, DefaultShortTextMaxLength),
            (FieldType.LongText, TextAnswer t) => CheckText(t.Text, rules, DefaultLongTextMaxLength),
            (FieldType.Email, TextAnswer t) => ContactFormats.IsEmail(t.Text) ? [] : ["Enter an email address like name@example.org."],
            (FieldType.Phone, TextAnswer t) => ContactFormats.IsPhone(t.Text) ? [] : ["Enter a phone number of 7 to 15 digits, for example +1 555 010 2030."],
            (FieldType.Number, NumberAnswer n) => CheckRange(n.Number, rules.MinValue, rules.MaxValue),
            (FieldType.Scale0To10, NumberAnswer n) => n.Number is >= 0 and <= 10 && decimal.IsInteger(n.Number) ? [] : ["Choose a whole number from 0 to 10."],
            (FieldType.Date, DateAnswer d) => CheckDate(d.Date, rules),
            (FieldType.SingleChoice or FieldType.Dropdown, TextAnswer t) => CheckOption(field, t.Text),
            (FieldType.MultipleChoice, ListAnswer l) => CheckSelections(field, l.Values, rules),
            (FieldType.LikertMatrix, MatrixAnswer m) => CheckMatrix(field, m),
            (FieldType.Consent, BooleanAnswer b) => b.Value || !field.Required ? [] : ["Tick the box to give your consent; it is needed to continue."],
            (FieldType.Signature, SignatureAnswer s) => CheckSignature(s, rules),
            (FieldType.FileUpload, FileAnswer f) => CheckFile(f, rules),
            _ => ["This answer is not the right kind for this question."],
        };
    }

    private static List<string> CheckText(string text, ValidationRules rules, int ceiling)
    {
        var errors = new List<string>();
        var max = Math.Min(rules.MaxLength ?? ceiling, ceiling);
        if (rules.MinLength is { } min && text.Length < min)
        {
            errors.Add($"Enter at least {min} characters.");
        }

        if (text.Length > max)
        {
            errors.Add($"Enter at most {max} characters (this answer has {text.Length}).");
            return errors; // Long hostile input is not worth running a pattern over.
        }

        if (rules.Pattern is { } pattern)
        {
            switch (PatternMatcher.IsFullMatch(text, pattern))
            {
                case false:
                    errors.Add(rules.PatternMessage ?? "This answer is not in the expected format.");
                    break;
                case null:
                    errors.Add("This answer could not be checked; please shorten or simplify it.");
                    break;
            }
        }

        return errors;
    }

    private static List<string> CheckRange(decimal number, decimal? min, decimal? max)
    {
        if (min is { } low && number < low || max is { } high && number > high)
        {
            return [(min, max) switch
            {
                ({ } l, { } h) => $"Enter a number from {Show(l)} to {Show(h)}.",
                ({ } l, null) => $"Enter a number of at least {Show(l)}.",
                (null, { } h) => $"Enter a number no greater than {Show(h)}.",
                _ => "Enter a number in range.",
            }];
        }

        return [];
    }

    private List<string> CheckDate(DateOnly date, ValidationRules rules)
    {
        var errors = new List<string>();
        if (rules.MinDate is { } min && date < min)
        {
            errors.Add($"Enter a date on or after {ShowDate(min)}.");
        }

        if (rules.MaxDate is { } max && date > max)
        {
            errors.Add($"Enter a date on or before {ShowDate(max)}.");
        }

        // The patient's "today" may be up to 14 hours ahead of UTC (UTC+14), so only dates beyond the
        // latest calendar day anywhere on Earth count as the future; a tighter check would refuse honest answers.
        var latestToday = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime.AddHours(14));
        if (rules.NotInFuture && date > latestToday)
        {
            errors.Add("Enter a date that is not in the future.");
        }

        return errors;
    }

    private static List<string> CheckOption(FieldDefinition field, string value) =>
        field.FindOption(value) is null ? ["Choose one of the options offered."] : [];

    private static List<string> CheckSelections(FieldDefinition field, IReadOnlyList<string> values, ValidationRules rules)
    {
        var errors = new List<string>();
        if (values.Any(v => field.FindOption(v) is null))
        {
            errors.Add("Choose only from the options offered.");
        }

        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add("Each option can be chosen only once.");
        }

        if (rules.MinSelections is { } min && values.Count < min)
        {
            errors.Add($"Choose at least {min} options.");
        }

        if (rules.MaxSelections is { } max && values.Count > max)
        {
            errors.Add($"Choose no more than {max} options.");
        }

        return errors;
    }

    private static List<string> CheckMatrix(FieldDefinition field, MatrixAnswer answer)
    {
        var errors = new List<string>();
        var rowIds = field.Rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (answer.Rows.Keys.Any(id => !rowIds.Contains(id)))
        {
            errors.Add("Rate only the statements shown.");
        }

        if (answer.Rows.Values.Any(v => field.FindOption(v) is null))
        {
            errors.Add("Choose only points on the scale offered.");
        }

        if (field.Required && field.Rows.Any(r => !answer.Rows.ContainsKey(r.Id)))
        {
            errors.Add("Rate every statement.");
        }

        return errors;
    }

    private static List<string> CheckSignature(SignatureAnswer signature, ValidationRules rules)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(signature.TypedName))
        {
            errors.Add("Type your full name to sign.");
        }
        else if (signature.TypedName.Length > TypedNameMaxLength)
        {
            errors.Add($"Type a name of at most {TypedNameMaxLength} characters.");
        }

        if (rules.TypedNameSuffices && string.IsNullOrWhiteSpace(signature.DrawnImageDataUri))
        {
            return errors;
        }

        if (!SignatureImage.TryDecode(signature.DrawnImageDataUri, out _, out var imageError))
        {
            errors.Add(imageError!);
        }

        return errors;
    }

    private static List<string> CheckFile(FileAnswer file, ValidationRules rules)
    {
        var errors = new List<string>();
        var max = Math.Min(rules.MaxFileBytes ?? FileContentCheck.DefaultMaxBytes, FileContentCheck.DefaultMaxBytes);
        if (!FileContentCheck.AllowedContentTypes.Contains(file.ContentType))
        {
            errors.Add("Only PDF, PNG and JPEG files can be uploaded.");
        }
        else if (FileContentCheck.ContentTypeForName(file.FileName) != file.ContentType)
        {
            errors.Add("The file's content does not match its name; please upload the original file.");
        }

        if (file.SizeBytes <= 0)
        {
            errors.Add("The file is empty.");
        }
        else if (file.SizeBytes > max)
        {
            errors.Add($"The file is larger than the {FileContentCheck.DescribeSize(max)} allowed.");
        }

        return errors;
    }

    private static string Show(decimal number) => number.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string ShowDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
