using Portal.Data.Audience;

namespace Portal.Grains.Audience.Consent;

[GenerateSerializer, Immutable]
public sealed record PreferenceView(
    [property: Id(0)] ContactPurpose Purpose,
    [property: Id(1)] ContactChannel Channel,
    [property: Id(2)] bool Allowed,
    [property: Id(3)] DateTime? UpdatedUtc,
    [property: Id(4)] string? Source);

[GenerateSerializer, Immutable]
public sealed record AuthorisationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ContactPurpose Purpose,
    [property: Id(2)] DateTime GrantedUtc,
    [property: Id(3)] DateTime ExpiresUtc,
    [property: Id(4)] DateTime? RevokedUtc,
    [property: Id(5)] Guid SubmissionId,
    [property: Id(6)] bool Valid);

/// <summary>A patient's choices and authorisations, as the preferences page shows them.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentView(
    [property: Id(0)] IReadOnlyList<PreferenceView> Preferences,
    [property: Id(1)] IReadOnlyList<AuthorisationView> Authorisations)
{
    public bool HasValidAuthorisation(ContactPurpose purpose) => Authorisations.Any(a => a.Purpose == purpose && a.Valid);
}
