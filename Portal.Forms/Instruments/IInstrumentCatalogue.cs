using Portal.Forms.Definitions;

namespace Portal.Forms.Instruments;

/// <summary>Ready-made validated questionnaires and surveys staff can send without building them.</summary>
public interface IInstrumentCatalogue
{
    /// <summary>Every instrument offered.</summary>
    IReadOnlyList<FormDefinition> All { get; }

    /// <summary>Finds an instrument by form id.</summary>
    FormDefinition? Find(string formId);
}
