using Portal.Forms.Definitions;
using Portal.Forms.Validation;

namespace Portal.Forms.Answers;

/// <summary>
/// Binds a whole form post (name to posted values, as ASP.NET's IFormCollection exposes it) into answers.
/// Input names: the field id; "fieldId.rowId" for matrix rows; "fieldId.name" and "fieldId.image" for signatures.
/// Uploads arrive as files, not values, so the web layer adds their <see cref="FileAnswer"/> itself.
/// </summary>
public static class FormPostBinder
{
    /// <summary>Reads every field of the definition from the posted values; names that are not fields are ignored.</summary>
    public static BoundForm Bind(FormDefinition definition, IReadOnlyDictionary<string, IReadOnlyList<string?>> posted)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(posted);

        var answers = new FormAnswers();
        var errors = new List<FieldError>();
        foreach (var field in definition.AllFields.Where(f => f.Type != FieldType.FileUpload))
        {
            var raw = RawValuesOf(field, posted);
            var parsed = AnswerParser.Parse(field, raw);
            if (parsed.Error is not null)
            {
                errors.Add(new FieldError(field.Id, parsed.Error));
            }
            else if (parsed.Value is not null)
            {
                answers.Set(field.Id, parsed.Value);
            }
        }

        return new BoundForm(answers, errors);
    }

    private static IReadOnlyList<string?> RawValuesOf(FieldDefinition field, IReadOnlyDictionary<string, IReadOnlyList<string?>> posted)
    {
        switch (field.Type)
        {
            case FieldType.LikertMatrix:
                return field.Rows
                    .Select(row => (row, values: posted.GetValueOrDefault($"{field.Id}.{row.Id}")))
                    .SelectMany(x => (x.values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => $"{x.row.Id}={v}"))
                    .ToList();
            case FieldType.Signature:
                return [First(posted, $"{field.Id}.name"), First(posted, $"{field.Id}.image")];
            default:
                return posted.GetValueOrDefault(field.Id) ?? [];
        }
    }

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string?>> posted, string name) =>
        posted.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
