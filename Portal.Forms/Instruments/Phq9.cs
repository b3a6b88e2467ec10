using Portal.Forms.Definitions;
using Portal.Forms.Scoring;

namespace Portal.Forms.Instruments;

/// <summary>
/// The Patient Health Questionnaire (PHQ-9) for depression, with its published wording and scoring
/// (Kroenke, Spitzer and Williams, 2001; free to reproduce without permission).
/// </summary>
public static class Phq9
{
    /// <summary>Form id.</summary>
    public const string FormId = "phq-9";

    /// <summary>Id of the total score.</summary>
    public const string TotalScoreId = "phq9_total";

    /// <summary>Id of item 9, on thoughts of self-harm.</summary>
    public const string SelfHarmItemId = "phq9_9";

    /// <summary>Id of the unscored difficulty question.</summary>
    public const string DifficultyId = "phq9_difficulty";

    /// <summary>Ids of the nine scored items in order.</summary>
    public static IReadOnlyList<string> ItemIds { get; } = Enumerable.Range(1, 9).Select(i => $"phq9_{i}").ToArray();

    private static readonly string[] ItemWording =
    [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite \u2014 being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ];

    /// <summary>Severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.</summary>
    public static IReadOnlyList<ScoreBand> Bands { get; } =
    [
        new(0, 4, "Minimal depression"),
        new(5, 9, "Mild depression"),
        new(10, 14, "Moderate depression"),
        new(15, 19, "Moderately severe depression"),
        new(20, 27, "Severe depression"),
    ];

    /// <summary>Builds the questionnaire as a form definition.</summary>
    public static FormDefinition Create() => new()
    {
        Id = FormId,
        Version = 1,
        Title = "PHQ-9 Patient Health Questionnaire",
        Description = "A short questionnaire about your mood over the last two weeks. Your care team reviews every answer.",
        Pages =
        [
            new FormPage
            {
                Id = "phq9",
                Title = "Over the last 2 weeks",
                Description = FrequencyScale.Stem,
                Fields =
                [
                    .. ItemIds.Select((id, i) => FrequencyScale.Item(id, ItemWording[i])),
                    FrequencyScale.DifficultyQuestion(DifficultyId, ItemIds),
                ],
            },
        ],
        Scores =
        [
            new ScoreDefinition
            {
                Id = TotalScoreId,
                Label = "PHQ-9 total",
                ItemFieldIds = ItemIds,
                Bands = Bands,
                Flags =
                [
                    new ItemFlag(SelfHarmItemId, 1,
                        "Item 9 (thoughts of being better off dead or of self-harm) was answered above \"Not at all\": review for suicide risk today."),
                ],
            },
        ],
    };
}
