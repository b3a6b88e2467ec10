using Portal.Forms.Answers;
using Portal.Forms.Definitions;
using Portal.Forms.Logic;

namespace Portal.Forms.Validation;

/// <summary>
/// The server's last word on a set of answers: the browser's checks are a convenience, these are the rules.
/// Answers are refused, never trimmed down silently, so what is stored is exactly what the patient saw and sent.
/// </summary>
public sealed class FormValidator
{
    private readonly FieldAnswerRules _rules;

    /// <summary>Creates a validator that reads "today" from the system clock.</summary>
    public FormValidator()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a validator that reads "today" from the given clock.</summary>
    public FormValidator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rules = new FieldAnswerRules(timeProvider);
    }

    /// <summary>Checks every answer against the form and returns the problems found, in form order.</summary>
    public FormValidationResult Validate(FormDefinition definition, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(answers);

        var errors = new List<FieldError>();
        var visibility = FormNavigator.Evaluate(definition, answers);
        var known = definition.AllFields.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);

        foreach (var fieldId in answers.Keys.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal))
        {
            errors.Add(new FieldError(fieldId, "This question is not part of the form."));
        }

        foreach (var field in definition.AllFields)
        {
            var answer = answers.TryGetValue(field.Id, out var a) && !a.IsEmpty ? a : null;
            if (!visibility.IsFieldVisible(field.Id))
            {
                if (answer is not null)
                {
                    errors.Add(new FieldError(field.Id, "This question does not apply given your other answers, so an answer to it cannot be accepted."));
                }

                continue;
            }

            if (answer is null)
            {
                if (field.Required)
                {
                    errors.Add(new FieldError(field.Id, field.Type == FieldType.Consent
                        ? "Tick the box to give your consent; it is needed to continue."
                        : "This question needs an answer."));
                }

                continue;
            }

            errors.AddRange(_rules.Check(field, answer).Select(message => new FieldError(field.Id, message)));
        }

        return new FormValidationResult(errors);
    }
}
