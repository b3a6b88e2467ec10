using Portal.Forms.Definitions;

namespace Portal.Grains.Audience.Consent;

/// <summary>
/// The built-in authorisation a patient e-signs before the organisation uses their health information for marketing,
/// with the core elements and statements 45 CFR 164.508(c) requires: what is used, by whom and for whom, the purpose,
/// an expiry, the right to revoke and how, that care does not depend on signing, that information disclosed may be
/// redisclosed, and whether anyone pays for the communications (164.508(a)(3)(ii)).
/// Published through the forms engine like any form; the sealed submission is the evidence.
/// </summary>
public static class MarketingAuthorisationForm
{
    public const string Id = "builtin-marketing-authorisation";
    public const string Title = "Authorisation to use my health information for marketing";

    /// <summary>How long an authorisation lasts, as the form says.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2 * 365);

    public static FormDefinition Build(int version) => new()
    {
        Id = Id,
        Version = version,
        Title = Title,
        Pages =
        [
            new FormPage
            {
                Id = "authorisation",
                Title = "Your authorisation",
                Description = "Please read each statement. You can leave this page without signing: nothing about your care changes.",
                Fields =
                [
                    Statement("what", "What is used: your name, contact details, age, preferred language, diagnoses, risk flags and appointment history as held in this portal."),
                    Statement("who", "Who uses it, and for whom: this organisation, to choose and personalise the messages it sends you. It is not sold or given to anyone else to market to you."),
                    Statement("purpose", "The purpose: to send you information about services, programmes, treatments or events that may interest you (marketing), by email and in the portal."),
                    Statement("payment", "This organisation receives no payment from anyone else for sending these messages. If that changes, you will be asked for a new authorisation."),
                    Statement("expiry", "Expiry: this authorisation ends two years after the day you sign it, unless you revoke it sooner."),
                    Statement("revoke", "Your right to revoke: you can revoke it at any time on your communication preferences page, or by writing to us; revoking stops future use but cannot undo what was already sent."),
                    Statement("treatment", "Your care does not depend on this: your treatment, payment, enrolment and eligibility for benefits are the same whether or not you sign."),
                    Statement("redisclosure", "Information used under this authorisation could be redisclosed by someone who receives it and may then no longer be protected by federal privacy law."),
                    new FieldDefinition
                    {
                        Id = "signature", Type = FieldType.Signature, Label = "Sign to authorise", Required = true,
                        HelpText = "Type your full name; the date and time are recorded with it.", Rules = new ValidationRules { TypedNameSuffices = true },
                    },
                ],
            },
        ],
    };

    private static FieldDefinition Statement(string id, string text) =>
        new() { Id = id, Type = FieldType.Consent, Label = text, Required = true };
}
