using Portal.Forms.Validation;

namespace Portal.Forms.Answers;

/// <summary>Answers read from a form post, plus the inputs that could not be read.</summary>
/// <param name="Answers">Answers read successfully.</param>
/// <param name="Errors">Inputs that could not be read, by field.</param>
public sealed record BoundForm(FormAnswers Answers, IReadOnlyList<FieldError> Errors);
