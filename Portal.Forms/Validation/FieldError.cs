namespace Portal.Forms.Validation;

/// <summary>A problem with one answer, worded for the patient who gave it.</summary>
/// <param name="FieldId">The question the problem belongs to.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record FieldError(string FieldId, string Message);
