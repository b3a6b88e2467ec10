namespace Portal.Forms.Conditions;

/// <summary>What a <see cref="Condition"/> tests.</summary>
public enum ConditionKind
{
    /// <summary>The field's answer equals the value; for a multiple-choice answer, the value is among those picked.</summary>
    Equals,

    /// <summary>The negation of <see cref="Equals"/>, so it also holds while the field is unanswered.</summary>
    NotEquals,

    /// <summary>The field's answer is one of the values; for a multiple-choice answer, any picked value is.</summary>
    In,

    /// <summary>The field's answer, read as a number or a date, is greater than the value.</summary>
    GreaterThan,

    /// <summary>The field's answer, read as a number or a date, is less than the value.</summary>
    LessThan,

    /// <summary>The field has a non-empty answer.</summary>
    Answered,

    /// <summary>Every child condition holds (true when there are none).</summary>
    All,

    /// <summary>At least one child condition holds.</summary>
    Any,
}
