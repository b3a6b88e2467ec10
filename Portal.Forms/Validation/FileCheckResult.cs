namespace Portal.Forms.Validation;

/// <summary>The verdict on an uploaded file.</summary>
/// <param name="ContentType">The media type found in the content, when it is an allowed kind.</param>
/// <param name="Error">Why the file is refused, in words for the patient; null when accepted.</param>
public sealed record FileCheckResult(string? ContentType, string? Error)
{
    /// <summary>True when the file may be stored.</summary>
    public bool IsAllowed => Error is null;
}
