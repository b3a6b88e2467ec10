namespace Portal.Forms.Definitions;

/// <summary>Constraints on a field's answer beyond what its type already implies.</summary>
public sealed record ValidationRules
{
    /// <summary>Fewest characters a text answer may have.</summary>
    public int? MinLength { get; init; }

    /// <summary>Most characters a text answer may have.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Smallest number accepted.</summary>
    public decimal? MinValue { get; init; }

    /// <summary>Largest number accepted.</summary>
    public decimal? MaxValue { get; init; }

    /// <summary>Regular expression a text answer must match in full.</summary>
    public string? Pattern { get; init; }

    /// <summary>What to tell the patient when <see cref="Pattern"/> does not match, e.g. "Enter your 8-digit member number".</summary>
    public string? PatternMessage { get; init; }

    /// <summary>Earliest date accepted.</summary>
    public DateOnly? MinDate { get; init; }

    /// <summary>Latest date accepted.</summary>
    public DateOnly? MaxDate { get; init; }

    /// <summary>Refuses dates after today, e.g. for a date of birth.</summary>
    public bool NotInFuture { get; init; }

    /// <summary>Fewest options a multiple-choice answer may pick.</summary>
    public int? MinSelections { get; init; }

    /// <summary>Most options a multiple-choice answer may pick.</summary>
    public int? MaxSelections { get; init; }

    /// <summary>Largest upload accepted, in bytes; the engine's own ceiling applies when this is absent.</summary>
    public long? MaxFileBytes { get; init; }

    /// <summary>For a signature: the typed name alone is a valid signature (for people who cannot draw one, e.g. keyboard users); a drawing, if sent, is still checked.</summary>
    public bool TypedNameSuffices { get; init; }
}
