using Portal.Forms.Definitions;
using Portal.Forms.Scoring;

namespace Portal.Forms.Instruments;

/// <summary>
/// The Generalized Anxiety Disorder scale (GAD-7), with its published wording and scoring
/// (Spitzer, Kroenke, Williams and Löwe, 2006; free to reproduce without permission).
/// </summary>
public static class Gad7
{
    /// <summary>Form id.</summary>
    public const string FormId = "gad-7";

    /// <summary>Id of the total score.</summary>
    public const string TotalScoreId = "gad7_total";

    /// <summary>Id of the unscored difficulty question.</summary>
    public const string DifficultyId = "gad7_difficulty";

    /// <summary>Ids of the seven scored items in order.</summary>
    public static IReadOnlyList<string> ItemIds { get; } = Enumerable.Range(1, 7).Select(i => $"gad7_{i}").ToArray();

    private static readonly string[] ItemWording =
    [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ];

    /// <summary>Severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.</summary>
    public static IReadOnlyList<ScoreBand> Bands { get; } =
    [
        new(0, 4, "Minimal anxiety"),
        new(5, 9, "Mild anxiety"),
        new(10, 14, "Moderate anxiety"),
        new(15, 21, "Severe anxiety"),
    ];

    /// <summary>Builds the questionnaire as a form definition.</summary>
    public static FormDefinition Create() => new()
    {
        Id = FormId,
        Version = 1,
        Title = "GAD-7 Anxiety Questionnaire",
        Description = "A short questionnaire about worry and anxiety over the last two weeks.",
        Pages =
        [
            new FormPage
            {
                Id = "gad7",
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
            new ScoreDefinition { Id = TotalScoreId, Label = "GAD-7 total", ItemFieldIds = ItemIds, Bands = Bands },
        ],
    };
}
