using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Audience;
using Portal.Forms.Answers;
using Portal.Grains.Audience.Consent;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Messaging.Delivery;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Tests.Web.Forms;

namespace Portal.Tests.Web.Audience;

/// <summary>
/// Consent end to end from the patient's portal: preferences per purpose, the built-in marketing authorisation
/// e-signed through the forms engine, revocation, and the one-click unsubscribe feeding the preference; a segment
/// "may be emailed for marketing" follows each step.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ConsentTests(PortalFactory portal)
{
    private static FormAnswers Signed()
    {
        var answers = new FormAnswers();
        foreach (var statement in MarketingAuthorisationForm.Build(1).Pages[0].Fields.Where(f => f.Type == Portal.Forms.Definitions.FieldType.Consent))
            answers.Set(statement.Id, new BooleanAnswer(true));
        return answers.Set("signature", new SignatureAnswer("Nora Quinn", ""));
    }

    private async Task<bool> MarketableAsync(Guid patientId)
    {
        var segments = portal.Services.GetRequiredService<Segments>();
        var query = portal.Services.GetRequiredService<SegmentQuery>();
        await using var db = await portal.Database.Factory().CreateDbContextAsync();
        var reachable = await query.BuildAsync(db, new SegmentGroup { Conditions = [new SegmentCondition { Field = SegmentField.Consent, Values = ["marketing"] }] });
        return await reachable.AnyAsync(p => p.PatientId == patientId);
    }

    [Fact]
    public async Task A_patient_signs_and_revokes_the_marketing_authorisation_and_sets_preferences_and_segments_follow()
    {
        var patient = await portal.CreatePatientAsync("Nora Quinn");
        using var client = portal.NewClient();
        await client.SignInAsync(patient);
        var page = await client.GetPageAsync("/preferences");
        Assert.Contains("We only use your health information for marketing if you authorise it", page);
        Assert.False(await MarketableAsync(patient.Id));

        var asked = await client.PostFormAsync("/preferences?handler=Authorise", new Dictionary<string, string>(), "/preferences");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var assignmentId = Guid.Parse(asked.Headers.Location!.OriginalString.Split('/').Last());
        var form = await client.GetPageAsync($"/forms/{assignmentId}");
        Assert.Contains("Your care does not depend on this", form);
        Assert.Contains("ends two years after the day you sign it", form);
        // Asking twice gives the same open copy.
        var again = await client.PostFormAsync("/preferences?handler=Authorise", new Dictionary<string, string>(), "/preferences");
        Assert.Equal(asked.Headers.Location, again.Headers.Location);

        // Signing with a statement left unticked is refused and records nothing.
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientFormsGrain>(patient.Id);
        var partial = Signed().Set("treatment", new BooleanAnswer(false));
        Assert.False((await grain.SubmitAsync(assignmentId, SubmissionSeal.Serialize(partial), FormTestData.PatientActor(patient.Id)))!.Succeeded);
        Assert.False(await MarketableAsync(patient.Id));
        var outcome = await grain.SubmitAsync(assignmentId, SubmissionSeal.Serialize(Signed()), FormTestData.PatientActor(patient.Id));
        Assert.True(outcome!.Succeeded);
        Assert.Contains("You authorised us", await client.GetPageAsync("/preferences"));
        Assert.True(await MarketableAsync(patient.Id));
        var authorisation = await portal.QueryAsync(db => db.Authorisations.SingleAsync(a => a.PatientId == patient.Id));
        Assert.Equal(outcome.SubmissionId, authorisation.SubmissionId);

        // Opting out of marketing by email in the preferences takes them out; opting back in returns them.
        await client.PostFormAsync("/preferences?handler=Save", new Dictionary<string, string> { ["allowed"] = "Reminders" }, "/preferences");
        Assert.False(await MarketableAsync(patient.Id));
        await client.PostFormAsync("/preferences?handler=Save", new Dictionary<string, string> { ["allowed"] = "Marketing" }, "/preferences");
        Assert.True(await MarketableAsync(patient.Id));

        var revoked = await client.PostFormAsync("/preferences?handler=Revoke", new Dictionary<string, string> { ["authorisationId"] = authorisation.Id.ToString() }, "/preferences");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("revoked", await client.GetPageAsync("/preferences"));
        Assert.False(await MarketableAsync(patient.Id));
        Assert.True(await portal.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.PatientId == patient.Id && e.Action == AuditActions.AuthorisationRevoked && e.Outcome == AuditOutcomes.Success)));
    }

    [Fact]
    public async Task Another_patient_cannot_revoke_or_set_and_a_submission_of_another_form_authorises_nothing()
    {
        var patient = await portal.CreatePatientAsync();
        var other = await portal.CreatePatientAsync();
        var consent = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientConsentGrain>(patient.Id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => consent.SetPreferenceAsync(ContactPurpose.Marketing, ContactChannel.Email, true, FormTestData.PatientActor(other.Id)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => consent.RevokeAuthorisationAsync(Guid.NewGuid(), FormTestData.PatientActor(other.Id)));
        // The product may only opt a patient out (the unsubscribe link), never in.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => consent.SetPreferenceAsync(ContactPurpose.Marketing, ContactChannel.Email, true, AuditActor.System));

        var formId = await FormTestData.PublishIntakeAsync(portal);
        var submission = await FormTestData.SubmitIntakeAsync(portal, patient.Id, await FormTestData.AssignAsync(portal, patient.Id, formId));
        Assert.Null(await consent.RecordAuthorisationAsync(submission, formId, 1, DateTime.UtcNow, FormTestData.PatientActor(patient.Id)));
        Assert.Null(await consent.RecordAuthorisationAsync(submission, MarketingAuthorisationForm.Id, 1, DateTime.UtcNow, FormTestData.PatientActor(patient.Id)));
        Assert.False(await MarketableAsync(patient.Id));
    }
}

/// <summary>The one-click unsubscribe in marketing mail (RFC 8058) is also the patient's "no marketing by email".</summary>
public sealed class UnsubscribePreferenceTests : IAsyncLifetime
{
    private readonly PortalFactory portal = PortalFactory.With(DeliveryDb.MarketingSettings());

    public Task InitializeAsync() => portal.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)portal).DisposeAsync();

    [Fact]
    public async Task The_one_click_unsubscribe_sets_the_marketing_preference()
    {
        var patient = await portal.CreatePatientAsync();
        var token = portal.Services.GetRequiredService<UnsubscribeTokens>().Create(new UnsubscribeRequest(patient.Id, Guid.NewGuid()));
        using var anonymous = portal.NewClient();
        var response = await anonymous.Http.PostAsync($"/unsubscribe/{token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preference = await portal.QueryAsync(db => db.CommunicationPreferences.SingleAsync(p => p.PatientId == patient.Id && p.Purpose == ContactPurpose.Marketing));
        Assert.False(preference.Allowed);
        Assert.Equal("unsubscribe link", preference.Source);
    }
}
