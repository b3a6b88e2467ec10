namespace Portal.Forms.Validation;

/// <summary>The outcome of validating a set of answers against a form.</summary>
/// <param name="Errors">Problems found, in form order; empty when the answers may be accepted.</param>
public sealed record FormValidationResult(IReadOnlyList<FieldError> Errors)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The problems with one question.</summary>
    public IEnumerable<FieldError> ErrorsFor(string fieldId) => Errors.Where(e => e.FieldId == fieldId);
}
