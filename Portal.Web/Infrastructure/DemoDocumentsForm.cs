using Portal.Forms.Definitions;

namespace Portal.Web.Infrastructure;

/// <summary>The demo's public documents form: new patients send a photo of their insurance card (required) and a referral letter.</summary>
public static class DemoDocumentsForm
{
    public const string Title = "New patient documents";

    public static FormDefinition Build(string formId, int version) => new()
    {
        Id = formId,
        Version = version,
        Title = Title,
        Description = "Send us your insurance card and referral before your first visit, so we can check your cover.",
        Pages =
        [
            new FormPage
            {
                Id = "documents", Title = "Your documents",
                Fields =
                [
                    new FieldDefinition { Id = "full_name", Type = FieldType.ShortText, Label = "Full name", Required = true, Rules = new ValidationRules { MinLength = 2, MaxLength = 100 } },
                    new FieldDefinition { Id = "insurance_card", Type = FieldType.FileUpload, Label = "Photo of the front of your insurance card", Required = true, HelpText = "A clear photo or scan where the member number can be read." },
                    new FieldDefinition { Id = "referral", Type = FieldType.FileUpload, Label = "Referral letter", HelpText = "Only if your doctor gave you one." },
                ],
            },
        ],
    };
}
