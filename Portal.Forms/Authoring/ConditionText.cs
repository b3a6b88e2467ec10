using Portal.Forms.Conditions;
using Portal.Forms.Definitions;

namespace Portal.Forms.Authoring;

/// <summary>Reads a condition back to the author in words, with choice labels instead of stored keys.</summary>
public static class ConditionText
{
    /// <summary>The name of a test as offered in the builder.</summary>
    public static string KindName(ConditionKind kind) => kind switch
    {
        ConditionKind.Equals => "is",
        ConditionKind.NotEquals => "is not",
        ConditionKind.In => "is one of",
        ConditionKind.GreaterThan => "is greater than",
        ConditionKind.LessThan => "is less than",
        ConditionKind.Answered => "is answered",
        ConditionKind.All => "all of",
        _ => "any of",
    };

    /// <summary>E.g. <c>"Do you smoke?" is "Yes"</c>.</summary>
    public static string Describe(FormDefinition form, Condition condition)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.Kind is ConditionKind.All or ConditionKind.Any)
            return $"{KindName(condition.Kind)} ({string.Join("; ", condition.Conditions.Select(c => Describe(form, c)))})";

        var field = condition.FieldId is null ? null : form.FindField(condition.FieldId);
        var subject = field is null ? $"(missing question {condition.FieldId})" : $"\"{field.Label}\"";
        if (condition.Kind == ConditionKind.Answered)
            return $"{subject} is answered";
        var values = condition.Kind == ConditionKind.In ? condition.Values : [condition.Value ?? ""];
        return $"{subject} {KindName(condition.Kind)} {string.Join(", ", values.Select(v => $"\"{field?.FindOption(v)?.Label ?? v}\""))}";
    }

    /// <summary>The value as the author typed it: choice labels, comma-separated for "is one of".</summary>
    public static string EditableValue(FormDefinition form, Condition condition)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(condition);
        var field = condition.FieldId is null ? null : form.FindField(condition.FieldId);
        var values = condition.Kind == ConditionKind.In ? condition.Values : condition.Value is null ? [] : [condition.Value];
        return string.Join(", ", values.Select(v => field?.FindOption(v)?.Label ?? v));
    }
}
