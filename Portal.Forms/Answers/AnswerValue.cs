using System.Text.Json.Serialization;

namespace Portal.Forms.Answers;

/// <summary>
/// One answer to one question. The subtypes form a closed set, one per answer shape, and serialise
/// with a "kind" discriminator so stored submissions read back as the same types.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TextAnswer), "text")]
[JsonDerivedType(typeof(NumberAnswer), "number")]
[JsonDerivedType(typeof(DateAnswer), "date")]
[JsonDerivedType(typeof(BooleanAnswer), "boolean")]
[JsonDerivedType(typeof(ListAnswer), "list")]
[JsonDerivedType(typeof(MatrixAnswer), "matrix")]
[JsonDerivedType(typeof(SignatureAnswer), "signature")]
[JsonDerivedType(typeof(FileAnswer), "file")]
public abstract record AnswerValue
{
    /// <summary>True when the answer carries nothing, which counts as "not answered".</summary>
    [JsonIgnore]
    public abstract bool IsEmpty { get; }
}

/// <summary>Free text, an email address, a phone number, or the value of the option picked in a single-choice question.</summary>
/// <param name="Text">The text as entered, or the option value.</param>
public sealed record TextAnswer(string Text) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}

/// <summary>A number, or a point on a 0-10 scale.</summary>
/// <param name="Number">The value.</param>
public sealed record NumberAnswer(decimal Number) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => false;
}

/// <summary>A calendar date.</summary>
/// <param name="Date">The value.</param>
public sealed record DateAnswer(DateOnly Date) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => false;
}

/// <summary>The state of a consent check box.</summary>
/// <param name="Value">True when ticked.</param>
public sealed record BooleanAnswer(bool Value) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => false;
}

/// <summary>The option values picked in a multiple-choice question.</summary>
/// <param name="Values">Option values in the order picked.</param>
public sealed record ListAnswer(IReadOnlyList<string> Values) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => Values.Count == 0;
}

/// <summary>A Likert matrix: for each row rated, the scale option picked.</summary>
/// <param name="Rows">Row id to option value.</param>
public sealed record MatrixAnswer(IReadOnlyDictionary<string, string> Rows) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => Rows.Count == 0;
}

/// <summary>An electronic signature: the name the patient typed and the signature they drew.</summary>
/// <param name="TypedName">Full name as typed.</param>
/// <param name="DrawnImageDataUri">The drawing as a "data:image/png;base64,..." URI.</param>
public sealed record SignatureAnswer(string TypedName, string DrawnImageDataUri) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => string.IsNullOrWhiteSpace(TypedName) && string.IsNullOrWhiteSpace(DrawnImageDataUri);
}

/// <summary>What the engine knows of an upload; the bytes live in storage and are checked with <see cref="Validation.FileContentCheck"/>.</summary>
/// <param name="FileName">Name the patient's device gave the file.</param>
/// <param name="ContentType">Media type found by inspecting the content, not the one the browser claimed.</param>
/// <param name="SizeBytes">Length of the content.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the content, so a sealed submission pins the exact bytes it was sent with.</param>
public sealed record FileAnswer(string FileName, string ContentType, long SizeBytes, string? Sha256 = null) : AnswerValue
{
    /// <inheritdoc />
    public override bool IsEmpty => string.IsNullOrWhiteSpace(FileName);
}
