namespace Portal.Forms.Conditions;

/// <summary>
/// A test over earlier answers that shows or hides a field or page, or triggers a skip.
/// Kept as one flat record so its JSON stays simple for form builders to write.
/// </summary>
public sealed record Condition
{
    /// <summary>What is tested.</summary>
    public required ConditionKind Kind { get; init; }

    /// <summary>The field tested, for every kind except <see cref="ConditionKind.All"/> and <see cref="ConditionKind.Any"/>.</summary>
    public string? FieldId { get; init; }

    /// <summary>The value compared against, for the comparison kinds.</summary>
    public string? Value { get; init; }

    /// <summary>The set of values for <see cref="ConditionKind.In"/>.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The children of <see cref="ConditionKind.All"/> and <see cref="ConditionKind.Any"/>.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    /// <summary>Holds when the field's answer equals the value.</summary>
    public static Condition FieldEquals(string fieldId, string value) => new() { Kind = ConditionKind.Equals, FieldId = fieldId, Value = value };

    /// <summary>Holds when the field's answer does not equal the value (including when unanswered).</summary>
    public static Condition FieldNotEquals(string fieldId, string value) => new() { Kind = ConditionKind.NotEquals, FieldId = fieldId, Value = value };

    /// <summary>Holds when the field's answer is one of the values.</summary>
    public static Condition FieldIn(string fieldId, params string[] values) => new() { Kind = ConditionKind.In, FieldId = fieldId, Values = values };

    /// <summary>Holds when the field's answer is greater than the value.</summary>
    public static Condition FieldGreaterThan(string fieldId, string value) => new() { Kind = ConditionKind.GreaterThan, FieldId = fieldId, Value = value };

    /// <summary>Holds when the field's answer is less than the value.</summary>
    public static Condition FieldLessThan(string fieldId, string value) => new() { Kind = ConditionKind.LessThan, FieldId = fieldId, Value = value };

    /// <summary>Holds when the field has been answered.</summary>
    public static Condition FieldAnswered(string fieldId) => new() { Kind = ConditionKind.Answered, FieldId = fieldId };

    /// <summary>Holds when every child holds.</summary>
    public static Condition All(params Condition[] conditions) => new() { Kind = ConditionKind.All, Conditions = conditions };

    /// <summary>Holds when any child holds.</summary>
    public static Condition Any(params Condition[] conditions) => new() { Kind = ConditionKind.Any, Conditions = conditions };

    /// <summary>Every field id this condition reads, so definitions can be checked for forward references.</summary>
    public IEnumerable<string> ReferencedFieldIds()
    {
        if (FieldId is not null)
        {
            yield return FieldId;
        }

        foreach (var id in Conditions.SelectMany(c => c.ReferencedFieldIds()))
        {
            yield return id;
        }
    }
}
