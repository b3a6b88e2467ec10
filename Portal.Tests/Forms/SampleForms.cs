using Portal.Forms.Conditions;
using Portal.Forms.Definitions;

namespace Portal.Tests.Forms;

/// <summary>A registration form that exercises every field type, rule and kind of condition.</summary>
internal static class SampleForms
{
    public static FormDefinition Intake(int version = 1) => new()
    {
        Id = "new-patient-intake",
        Version = version,
        Title = "New patient intake",
        Description = "Tell us about yourself before your first visit.",
        Pages =
        [
            new FormPage
            {
                Id = "about",
                Title = "About you",
                Fields =
                [
                    new FieldDefinition { Id = "full_name", Type = FieldType.ShortText, Label = "Full name", Required = true, Rules = new ValidationRules { MinLength = 2, MaxLength = 100 } },
                    new FieldDefinition { Id = "date_of_birth", Type = FieldType.Date, Label = "Date of birth", Required = true, Rules = new ValidationRules { MinDate = new DateOnly(1900, 1, 1), NotInFuture = true } },
                    new FieldDefinition { Id = "member_number", Type = FieldType.ShortText, Label = "Insurance member number", HelpText = "Eight digits, on the front of your card.", Rules = new ValidationRules { Pattern = "[0-9]{8}", PatternMessage = "Enter the 8-digit member number from your card." } },
                    new FieldDefinition { Id = "email", Type = FieldType.Email, Label = "Email address" },
                    new FieldDefinition { Id = "phone", Type = FieldType.Phone, Label = "Mobile phone" },
                    new FieldDefinition { Id = "height_cm", Type = FieldType.Number, Label = "Height in centimetres", Rules = new ValidationRules { MinValue = 30, MaxValue = 250 } },
                    new FieldDefinition
                    {
                        Id = "preferred_contact", Type = FieldType.Dropdown, Label = "How should we contact you?", Required = true,
                        Options = [new("email", "Email"), new("phone", "Phone"), new("post", "Post")],
                    },
                ],
            },
            new FormPage
            {
                Id = "health",
                Title = "Your health",
                Fields =
                [
                    new FieldDefinition
                    {
                        Id = "smoker", Type = FieldType.SingleChoice, Label = "Do you smoke?", Required = true,
                        Options = [new("never", "Never"), new("former", "I used to"), new("current", "Yes")],
                    },
                    new FieldDefinition
                    {
                        Id = "cigarettes_per_day", Type = FieldType.Number, Label = "About how many cigarettes a day?", Required = true,
                        Rules = new ValidationRules { MinValue = 1, MaxValue = 200 },
                        VisibleWhen = Condition.FieldEquals("smoker", "current"),
                    },
                    new FieldDefinition
                    {
                        Id = "conditions", Type = FieldType.MultipleChoice, Label = "Have you ever been told you have any of these?",
                        Options = [new("asthma", "Asthma"), new("diabetes", "Diabetes"), new("hypertension", "High blood pressure"), new("none", "None of these")],
                        Rules = new ValidationRules { MaxSelections = 3 },
                    },
                    new FieldDefinition
                    {
                        Id = "medications_any", Type = FieldType.SingleChoice, Label = "Do you take any regular medication?", Required = true,
                        Options = [new("yes", "Yes"), new("no", "No")],
                    },
                    new FieldDefinition { Id = "history", Type = FieldType.LongText, Label = "Anything else we should know about your health?" },
                    new FieldDefinition { Id = "pain_today", Type = FieldType.Scale0To10, Label = "How much pain are you in today?" },
                    new FieldDefinition
                    {
                        Id = "wellbeing", Type = FieldType.LikertMatrix, Label = "In the last month:",
                        Rows = [new("sleep", "I slept well"), new("energy", "I had enough energy")],
                        Options = [new("1", "Rarely"), new("2", "Sometimes"), new("3", "Often")],
                    },
                ],
                SkipRules = [new SkipRule(Condition.FieldEquals("medications_any", "no"), "consent")],
            },
            new FormPage
            {
                Id = "medications",
                Title = "Your medications",
                Fields =
                [
                    new FieldDefinition { Id = "medication_list", Type = FieldType.LongText, Label = "List each medication and dose", Required = true },
                    new FieldDefinition { Id = "prescription_scan", Type = FieldType.FileUpload, Label = "Photo of a prescription (optional)", Rules = new ValidationRules { MaxFileBytes = 5 * 1024 * 1024 } },
                ],
            },
            new FormPage
            {
                Id = "consent",
                Title = "Consent and signature",
                Fields =
                [
                    new FieldDefinition { Id = "consent_treatment", Type = FieldType.Consent, Label = "I consent to assessment and treatment.", Required = true },
                    new FieldDefinition { Id = "signature", Type = FieldType.Signature, Label = "Sign to confirm the information above is correct", Required = true },
                ],
            },
        ],
    };
}
