using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Data.Delivery;
using Portal.Grains.Audience;
using Portal.Grains.Audience.Consent;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Web.Campaigns;

/// <summary>Patients tagged for one test, a segment of them, and the campaign form's fields.</summary>
internal static class CampaignScenario
{
    public static Dictionary<string, string?> Settings() => DeliveryDb.MarketingSettings(new()
    {
        ["Campaigns:PostalAddress"] = "12 River Road, Springfield",
        ["Campaigns:LinkDomains:0"] = "clinic.example",
        ["Notifications:OrganisationName"] = "Riverside Clinic",
        // No quiet hours: a test launched at night must still see its mail (CampaignTimingTests cover them).
        ["Campaigns:QuietHoursStart"] = "00:00:00",
        ["Campaigns:QuietHoursEnd"] = "00:00:00",
    });

    /// <summary>Tags each patient with <paramref name="marker"/> and saves a segment of that tag.</summary>
    public static async Task<Guid> SegmentAsync(PortalFactory portal, string marker, params ProvisionedAccount[] patients)
    {
        var staff = await portal.TeamStaffActorAsync();
        foreach (var patient in patients)
            Assert.Null(await portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientProfileGrain>(patient.Id)
                .UpdateProfileAsync(null, new ProfileDetails { Tags = [marker] }, staff));
        var marketer = new AuditActor(Guid.NewGuid(), PortalRoles.Marketer, null);
        var (id, problem) = await portal.Services.GetRequiredService<Segments>().SaveAsync(null, $"Tag {marker}",
            new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Tag, Values = [marker] }] }, marketer);
        Assert.Null(problem);
        return id!.Value;
    }

    public static Task OptOutAsync(PortalFactory portal, ProvisionedAccount patient, ContactPurpose purpose) =>
        portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientConsentGrain>(patient.Id)
            .SetPreferenceAsync(purpose, ContactChannel.Email, false, FormTestData.PatientActor(patient.Id));

    /// <summary>A valid marketing authorisation on record (as signing the built-in form leaves one; ConsentTests sign it for real).</summary>
    public static async Task AuthoriseMarketingAsync(PortalFactory portal, ProvisionedAccount patient)
    {
        await using var db = await portal.Database.Factory().CreateDbContextAsync();
        db.Authorisations.Add(new Authorisation
        {
            Id = Guid.NewGuid(), PatientId = patient.Id, Purpose = ContactPurpose.Marketing, SubmissionId = Guid.NewGuid(),
            FormId = MarketingAuthorisationForm.Id, FormVersion = 1, GrantedUtc = DateTime.UtcNow, ExpiresUtc = DateTime.UtcNow.AddYears(2),
        });
        await db.SaveChangesAsync();
    }

    public static async Task SuppressAsync(PortalFactory portal, ProvisionedAccount patient, SuppressionReason reason)
    {
        var token = await portal.Services.GetRequiredService<AccountEmails>().LookupTokenAsync(patient.Email);
        await using var db = await portal.Database.Factory().CreateDbContextAsync();
        db.SuppressedAddresses.Add(new SuppressedAddress { Address = token, Reason = reason, SinceUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>A text block and a button to the portal's forms, as stored.</summary>
    public static string Design() => new Portal.Messaging.Campaigns.CampaignDesign
    {
        Blocks =
        [
            new() { Kind = Portal.Messaging.Campaigns.BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }}" },
            new() { Kind = Portal.Messaging.Campaigns.BlockKind.Button, Text = "Answer", Url = "/forms", Action = Portal.Messaging.Campaigns.CallToAction.FillFormOrSurvey },
        ],
    }.ToJson();

    /// <summary>The editor's fields for a three-block email whose button leads to the portal's forms.</summary>
    public static Dictionary<string, string> Form(Guid segmentId, string name, string subject, string purpose = "CareCommunication") => new()
    {
        ["Form.Goal"] = "SurveyResponses",
        ["Form.Name"] = name,
        ["Form.Purpose"] = purpose,
        ["Form.SegmentId"] = segmentId.ToString(),
        ["Form.FromName"] = "{{ organisation.name }}",
        ["Form.Subject"] = subject,
        ["Form.Preheader"] = "Two minutes, five questions",
        ["Form.Blocks[0].Kind"] = "Heading",
        ["Form.Blocks[0].Text"] = "How was your visit?",
        ["Form.Blocks[1].Kind"] = "Text",
        ["Form.Blocks[1].Text"] = "Hello {{ patient.first_name | default: \"there\" }},\n\nTell us how it went.",
        ["Form.Blocks[2].Kind"] = "Button",
        ["Form.Blocks[2].Action"] = "FillFormOrSurvey",
        ["Form.Blocks[2].Text"] = "Answer the survey",
        ["Form.Blocks[2].Url"] = "/forms",
    };
}
