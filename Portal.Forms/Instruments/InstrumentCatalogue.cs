using Portal.Forms.Definitions;

namespace Portal.Forms.Instruments;

/// <summary>The built-in instruments: PHQ-9, GAD-7 and the patient-satisfaction survey.</summary>
public sealed class InstrumentCatalogue : IInstrumentCatalogue
{
    /// <inheritdoc />
    public IReadOnlyList<FormDefinition> All { get; } = [Phq9.Create(), Gad7.Create(), PatientSatisfactionSurvey.Create()];

    /// <inheritdoc />
    public FormDefinition? Find(string formId) => All.FirstOrDefault(f => f.Id == formId);
}
