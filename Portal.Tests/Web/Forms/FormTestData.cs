using Portal.Forms.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web.Forms;

internal static class FormTestData
{
    /// <summary>Publishes the demo intake (multi-page, a conditional page, a skip, consent and signature) and returns its id.</summary>
    public static async Task<string> PublishIntakeAsync(PortalFactory portal)
    {
        var library = portal.Services.GetRequiredService<IFormLibrary>();
        var staff = await portal.TeamStaffActorAsync();
        var formId = await library.CreateAsync(DemoIntakeForm.Title, staff);
        await library.SaveDraftAsync(DemoIntakeForm.Build(formId, 1), staff);
        await library.PublishDraftAsync(formId, staff);
        return formId;
    }

    /// <summary>A one-page form asking for a required referral letter (at most 1 KiB) and an optional note.</summary>
    public static async Task<string> PublishUploadFormAsync(PortalFactory portal)
    {
        var library = portal.Services.GetRequiredService<IFormLibrary>();
        var staff = await portal.TeamStaffActorAsync();
        var formId = await library.CreateAsync("Referral letter", staff);
        await library.SaveDraftAsync(new FormDefinition
        {
            Id = formId,
            Version = 1,
            Title = "Referral letter",
            Pages =
            [
                new FormPage
                {
                    Id = "letter", Title = "Your letter",
                    Fields =
                    [
                        new FieldDefinition { Id = "letter", Type = FieldType.FileUpload, Label = "Referral letter", Required = true, Rules = new ValidationRules { MaxFileBytes = 1024 } },
                        new FieldDefinition { Id = "note", Type = FieldType.ShortText, Label = "Note" },
                    ],
                },
            ],
        }, staff);
        await library.PublishDraftAsync(formId, staff);
        return formId;
    }

    public static async Task<Guid> AssignAsync(PortalFactory portal, Guid patientId, string formId, int days = 7)
    {
        var grains = portal.Services.GetRequiredService<IGrainFactory>();
        return await grains.GetGrain<IPatientFormsGrain>(patientId)
            .AssignAsync(new NewFormAssignment(formId, 1, DateTime.UtcNow.AddDays(days)), await portal.TeamStaffActorAsync());
    }

    /// <summary>A complete, valid set of answers to the intake form (<see cref="PublishIntakeAsync"/>), signed.</summary>
    public static Portal.Forms.Answers.FormAnswers CompleteIntake() => new Portal.Forms.Answers.FormAnswers()
        .Set("full_name", new Portal.Forms.Answers.TextAnswer("Ana"))
        .Set("date_of_birth", new Portal.Forms.Answers.DateAnswer(new DateOnly(1980, 1, 1)))
        .Set("preferred_contact", new Portal.Forms.Answers.TextAnswer("email"))
        .Set("smoker", new Portal.Forms.Answers.TextAnswer("never"))
        .Set("medications_any", new Portal.Forms.Answers.TextAnswer("no"))
        .Set("consent_treatment", new Portal.Forms.Answers.BooleanAnswer(true))
        .Set("signature", new Portal.Forms.Answers.SignatureAnswer("Ana", ""));

    /// <summary>Completes and seals an intake assignment as its patient; returns the submission's id.</summary>
    public static async Task<Guid> SubmitIntakeAsync(PortalFactory portal, Guid patientId, Guid assignmentId)
    {
        var outcome = await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(patientId)
            .SubmitAsync(assignmentId, SubmissionSeal.Serialize(CompleteIntake()), PatientActor(patientId));
        Assert.True(outcome!.Succeeded, string.Join("; ", outcome.Problems));
        return outcome.SubmissionId!.Value;
    }

    public static AuditActor PatientActor(Guid patientId) => new(patientId, PortalRoles.Patient, "203.0.113.7");

    public static Dictionary<string, string> AboutPage(string name = "Ana Müller") => new()
    {
        ["pageId"] = "about", ["go"] = "next",
        ["full_name"] = name, ["date_of_birth"] = "1980-04-23", ["phone"] = "+1 555 010 2030", ["preferred_contact"] = "email",
    };

    public static Dictionary<string, string> HealthPage(string smoker = "current", string medications = "yes") => new()
    {
        ["pageId"] = "health", ["go"] = "next",
        ["smoker"] = smoker, ["conditions"] = "asthma", ["medications_any"] = medications, ["pain_today"] = "3", ["wellbeing.sleep"] = "2", ["wellbeing.energy"] = "3",
    };
}
