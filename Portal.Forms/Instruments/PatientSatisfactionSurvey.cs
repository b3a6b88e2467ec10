using Portal.Forms.Conditions;
using Portal.Forms.Definitions;
using Portal.Forms.Scoring;

namespace Portal.Forms.Instruments;

/// <summary>A post-visit satisfaction survey built around the Net Promoter question.</summary>
public static class PatientSatisfactionSurvey
{
    /// <summary>Form id.</summary>
    public const string FormId = "patient-satisfaction";

    /// <summary>Id of the 0-10 "how likely to recommend" question.</summary>
    public const string RecommendId = "recommend";

    /// <summary>Id of the per-response NPS category score.</summary>
    public const string NpsScoreId = "nps_category";

    /// <summary>Bands placing one response: detractor 0-6, passive 7-8, promoter 9-10.</summary>
    public static IReadOnlyList<ScoreBand> NpsBands { get; } =
    [
        new(0, 6, nameof(NpsCategory.Detractor)),
        new(7, 8, nameof(NpsCategory.Passive)),
        new(9, 10, nameof(NpsCategory.Promoter)),
    ];

    /// <summary>Builds the survey as a form definition.</summary>
    public static FormDefinition Create() => new()
    {
        Id = FormId,
        Version = 1,
        Title = "How was your visit?",
        Description = "Tell us about your recent visit. It takes about two minutes.",
        Pages =
        [
            new FormPage
            {
                Id = "visit",
                Title = "Your visit",
                Fields =
                [
                    new FieldDefinition
                    {
                        Id = RecommendId,
                        Type = FieldType.Scale0To10,
                        Label = "How likely are you to recommend our practice to a friend or family member?",
                        HelpText = "0 means not at all likely, 10 means extremely likely.",
                        Required = true,
                    },
                    new FieldDefinition
                    {
                        Id = "experience",
                        Type = FieldType.LikertMatrix,
                        Label = "How much do you agree with each statement?",
                        Rows =
                        [
                            new("scheduling", "It was easy to get an appointment."),
                            new("staff", "The staff were courteous and helpful."),
                            new("explained", "My provider explained things in a way I could understand."),
                            new("wait", "I was seen within a reasonable time of my appointment."),
                        ],
                        Options =
                        [
                            new("1", "Strongly disagree", 1),
                            new("2", "Disagree", 2),
                            new("3", "Neutral", 3),
                            new("4", "Agree", 4),
                            new("5", "Strongly agree", 5),
                        ],
                    },
                    new FieldDefinition
                    {
                        Id = "improve",
                        Type = FieldType.LongText,
                        Label = "What could we have done better?",
                        Rules = new ValidationRules { MaxLength = 2000 },
                        VisibleWhen = Condition.FieldLessThan(RecommendId, "7"),
                    },
                    new FieldDefinition
                    {
                        Id = "went_well",
                        Type = FieldType.LongText,
                        Label = "What did we do well?",
                        Rules = new ValidationRules { MaxLength = 2000 },
                        VisibleWhen = Condition.FieldGreaterThan(RecommendId, "8"),
                    },
                    new FieldDefinition
                    {
                        Id = "contact_me",
                        Type = FieldType.SingleChoice,
                        Label = "Would you like someone from the practice to contact you about your feedback?",
                        Required = true,
                        Options = [new("yes", "Yes"), new("no", "No")],
                    },
                ],
                SkipRules = [new SkipRule(Condition.FieldEquals("contact_me", "no"), "thanks")],
            },
            new FormPage
            {
                Id = "contact",
                Title = "How to reach you",
                Fields =
                [
                    new FieldDefinition { Id = "contact_phone", Type = FieldType.Phone, Label = "Phone number" },
                    new FieldDefinition { Id = "contact_email", Type = FieldType.Email, Label = "Email address" },
                ],
            },
            new FormPage
            {
                Id = "thanks",
                Title = "Anything else?",
                Fields =
                [
                    new FieldDefinition { Id = "comments", Type = FieldType.LongText, Label = "Any other comments?", Rules = new ValidationRules { MaxLength = 2000 } },
                ],
            },
        ],
        Scores =
        [
            new ScoreDefinition { Id = NpsScoreId, Label = "Net Promoter category", ItemFieldIds = [RecommendId], Bands = NpsBands },
        ],
    };
}
