using Portal.Forms.Conditions;
using Portal.Forms.Definitions;

namespace Portal.Web.Infrastructure;

/// <summary>The demo's new-patient intake: several pages, a follow-up question shown only to patients with allergies, a page shown only to smokers, a skip past medications, consent and signature.</summary>
public static class DemoIntakeForm
{
    public const string Title = "New patient intake";

    public static FormDefinition Build(string formId, int version) => new()
    {
        Id = formId,
        Version = version,
        Title = Title,
        Description = "Tell us about yourself before your first visit. It takes about five minutes.",
        Pages =
        [
            new FormPage
            {
                Id = "about", Title = "About you",
                Fields =
                [
                    new FieldDefinition { Id = "full_name", Type = FieldType.ShortText, Label = "Full name", Required = true, Rules = new ValidationRules { MinLength = 2, MaxLength = 100 } },
                    new FieldDefinition { Id = "date_of_birth", Type = FieldType.Date, Label = "Date of birth", Required = true, Rules = new ValidationRules { MinDate = new DateOnly(1900, 1, 1), NotInFuture = true } },
                    new FieldDefinition { Id = "phone", Type = FieldType.Phone, Label = "Mobile phone", HelpText = "We only call about appointments." },
                    new FieldDefinition { Id = "preferred_contact", Type = FieldType.Dropdown, Label = "How should we contact you?", Required = true, Options = [new("email", "Email"), new("phone", "Phone"), new("post", "Post")] },
                ],
            },
            new FormPage
            {
                Id = "health", Title = "Your health",
                Fields =
                [
                    new FieldDefinition { Id = "smoker", Type = FieldType.SingleChoice, Label = "Do you smoke?", Required = true, Options = [new("never", "Never"), new("former", "I used to"), new("current", "Yes")] },
                    new FieldDefinition { Id = "conditions", Type = FieldType.MultipleChoice, Label = "Have you ever been told you have any of these?", Options = [new("asthma", "Asthma"), new("diabetes", "Diabetes"), new("hypertension", "High blood pressure")] },
                    new FieldDefinition { Id = "allergies_any", Type = FieldType.SingleChoice, Label = "Do you have any allergies?", Options = [new("yes", "Yes"), new("no", "No")] },
                    new FieldDefinition { Id = "allergies_list", Type = FieldType.ShortText, Label = "Which allergies do you have?", Required = true, Rules = new ValidationRules { MaxLength = 500 }, VisibleWhen = Condition.FieldEquals("allergies_any", "yes") },
                    new FieldDefinition { Id = "medications_any", Type = FieldType.SingleChoice, Label = "Do you take any regular medication?", Required = true, Options = [new("yes", "Yes"), new("no", "No")] },
                    new FieldDefinition { Id = "pain_today", Type = FieldType.Scale0To10, Label = "How much pain are you in today?" },
                    new FieldDefinition { Id = "wellbeing", Type = FieldType.LikertMatrix, Label = "In the last month:", Rows = [new("sleep", "I slept well"), new("energy", "I had enough energy")], Options = [new("1", "Rarely"), new("2", "Sometimes"), new("3", "Often")] },
                ],
            },
            new FormPage
            {
                Id = "smoking", Title = "Smoking", VisibleWhen = Condition.FieldEquals("smoker", "current"),
                Fields = [new FieldDefinition { Id = "cigarettes_per_day", Type = FieldType.Number, Label = "About how many cigarettes a day?", Required = true, Rules = new ValidationRules { MinValue = 1, MaxValue = 200 } }],
                SkipRules = [new SkipRule(Condition.FieldEquals("medications_any", "no"), "consent")],
            },
            new FormPage
            {
                Id = "medications", Title = "Your medications", VisibleWhen = Condition.FieldEquals("medications_any", "yes"),
                Fields = [new FieldDefinition { Id = "medication_list", Type = FieldType.LongText, Label = "List each medication and dose", Required = true, Rules = new ValidationRules { MaxLength = 4000 } }],
            },
            new FormPage
            {
                Id = "consent", Title = "Consent",
                Fields =
                [
                    new FieldDefinition { Id = "consent_treatment", Type = FieldType.Consent, Label = "I consent to assessment and treatment.", Required = true },
                    new FieldDefinition { Id = "signature", Type = FieldType.Signature, Label = "Sign to confirm the information above is correct", Required = true, Rules = new ValidationRules { TypedNameSuffices = true } },
                ],
            },
        ],
    };
}
