using Portal.Data.Audience;
using Portal.Grains.Audit;

namespace Portal.Grains.Audience.Consent;

/// <summary>One patient's communication preferences and authorisations: the single writer of both.</summary>
public interface IPatientConsentGrain : IGrainWithGuidKey
{
    Task<ConsentView> GetAsync(AuditActor actor);

    /// <summary>The patient (or the unsubscribe link, as the product) sets one preference.</summary>
    Task SetPreferenceAsync(ContactPurpose purpose, ContactChannel channel, bool allowed, AuditActor actor);

    /// <summary>Records the authorisation a patient just signed (the forms grain calls this on submission).</summary>
    Task<Guid?> RecordAuthorisationAsync(Guid submissionId, string formId, int formVersion, DateTime signedUtc, AuditActor actor);

    /// <summary>The patient revokes an authorisation: it stops counting at once.</summary>
    Task<bool> RevokeAuthorisationAsync(Guid authorisationId, AuditActor actor);
}
