namespace Portal.Forms.Answers;

/// <summary>The outcome of reading a posted value: an answer, no answer, or an error to show the patient.</summary>
public sealed record ParsedAnswer
{
    private ParsedAnswer(AnswerValue? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The answer read, or null when the patient left the question blank or the input was unreadable.</summary>
    public AnswerValue? Value { get; }

    /// <summary>Why the input could not be read, in words for the patient.</summary>
    public string? Error { get; }

    /// <summary>True when the input was read (even if blank).</summary>
    public bool Succeeded => Error is null;

    /// <summary>An answer was read.</summary>
    public static ParsedAnswer Answered(AnswerValue value) => new(value, null);

    /// <summary>The question was left blank.</summary>
    public static ParsedAnswer Blank { get; } = new(null, null);

    /// <summary>The input could not be read.</summary>
    public static ParsedAnswer Failed(string error) => new(null, error);
}
