using Portal.Forms.Answers;
using Portal.Forms.Instruments;
using Portal.Grains.Forms.Results;

namespace Portal.Tests.Grains.Forms.Results;

/// <summary>Answer sets built with the engine's own answer types, as a patient's submission would hold them.</summary>
internal static class SurveyResponses
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A PHQ-9 submission whose nine items carry the given points (0-3 each).</summary>
    public static FormResponse Phq9(Guid patient, int week, params int[] items)
    {
        var answers = new FormAnswers();
        for (var i = 0; i < items.Length; i++)
            answers.Set(Portal.Forms.Instruments.Phq9.ItemIds[i], new TextAnswer(items[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new FormResponse(patient, 1, Start.AddDays(7 * week), answers);
    }

    /// <summary>A satisfaction survey submission with a recommendation rating and a "contact me" answer.</summary>
    public static FormResponse Satisfaction(Guid patient, int rating, string contactMe = "no", int version = 1, IReadOnlyDictionary<string, string>? experience = null)
    {
        var answers = new FormAnswers()
            .Set(PatientSatisfactionSurvey.RecommendId, new NumberAnswer(rating))
            .Set("contact_me", new TextAnswer(contactMe));
        if (experience is not null)
            answers.Set("experience", new MatrixAnswer(experience));
        return new FormResponse(patient, version, Start, answers);
    }
}
