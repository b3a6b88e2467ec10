using System.Globalization;
using Portal.Forms.Authoring;
using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Scoring;

namespace Portal.Web.Features.FormBuilder;

/// <summary>A question's settings form as posted; numbers arrive as text and are read here.</summary>
public sealed class FieldInput
{
    public string Label { get; set; } = "";
    public string? HelpText { get; set; }
    public bool Required { get; set; }
    public string? MinLength { get; set; }
    public string? MaxLength { get; set; }
    public string? MinValue { get; set; }
    public string? MaxValue { get; set; }
    public string? Pattern { get; set; }
    public string? PatternMessage { get; set; }
    public string? MinDate { get; set; }
    public string? MaxDate { get; set; }
    public bool NotInFuture { get; set; }
    public string? MinSelections { get; set; }
    public string? MaxSelections { get; set; }
    public List<ChoiceInput> Options { get; set; } = [];
    public List<ChoiceInput> Rows { get; set; } = [];

    public FieldEdit ToEdit() => new(
        Label,
        HelpText,
        Required,
        new ValidationRules
        {
            MinLength = Whole(MinLength, "Minimum length"),
            MaxLength = Whole(MaxLength, "Maximum length"),
            MinValue = Number(MinValue, "Smallest number"),
            MaxValue = Number(MaxValue, "Largest number"),
            Pattern = string.IsNullOrWhiteSpace(Pattern) ? null : Pattern.Trim(),
            PatternMessage = PatternMessage,
            MinDate = Date(MinDate, "Earliest date"),
            MaxDate = Date(MaxDate, "Latest date"),
            NotInFuture = NotInFuture,
            MinSelections = Whole(MinSelections, "Fewest choices"),
            MaxSelections = Whole(MaxSelections, "Most choices"),
        },
        [.. Options.Select(o => new OptionEdit(Blank(o.Key), o.Label ?? "", Number(o.Score, "A choice's points")))],
        [.. Rows.Select(r => new RowEdit(Blank(r.Key), r.Label ?? ""))]);

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static int? Whole(string? text, string what) =>
        Blank(text) is not { } t ? null
        : int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new FormEditException($"{what} must be a whole number.");

    internal static decimal? Number(string? text, string what) =>
        Blank(text) is not { } t ? null
        : decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n
        : throw new FormEditException($"{what} must be a number, such as 3 or 2.5.");

    private static DateOnly? Date(string? text, string what) =>
        Blank(text) is not { } t ? null
        : DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new FormEditException($"{what} must be a date.");
}

/// <summary>One choice or matrix statement row of the settings form; <see cref="Key"/> is empty for a new one.</summary>
public sealed class ChoiceInput
{
    public string? Key { get; set; }
    public string? Label { get; set; }
    public string? Score { get; set; }
}

/// <summary>"Show when [question] [test] [answer]" as picked from the dropdowns.</summary>
public sealed class ConditionInput
{
    public string? Source { get; set; }
    public ConditionKind Kind { get; set; }
    public string? Value { get; set; }

    public Condition ToCondition(FormDefinition form) =>
        string.IsNullOrEmpty(Source)
            ? throw new FormEditException("Choose the question the condition reads.")
            : FormDraftEditor.BuildCondition(form, Source, Kind, Value);
}

/// <summary>One row of the score bands table; rows left blank are ignored.</summary>
public sealed class BandInput
{
    public string? Min { get; set; }
    public string? Max { get; set; }
    public string? Label { get; set; }

    public bool IsBlank => FieldInput.Blank(Min) is null && FieldInput.Blank(Max) is null && FieldInput.Blank(Label) is null;

    public ScoreBand ToBand() => new(
        FieldInput.Number(Min, "A band's lowest total") ?? throw new FormEditException("Each band needs a lowest total."),
        FieldInput.Number(Max, "A band's highest total") ?? throw new FormEditException("Each band needs a highest total."),
        Label ?? "");
}
