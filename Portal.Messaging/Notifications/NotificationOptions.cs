using System.ComponentModel.DataAnnotations;

namespace Portal.Messaging.Notifications;

/// <summary>Who notifications come from and where their links point.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Notifications";

    /// <summary>The From address of every notification.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@portal.localhost";

    /// <summary>The display name shown beside <see cref="FromAddress"/>.</summary>
    [Required, MaxLength(100)]
    public string FromName { get; set; } = "Patient Portal";

    /// <summary>Absolute base address of the portal, used to build links in notifications.</summary>
    [Required]
    public string PortalBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>The organisation's name, as merge field <c>{{organisation.name}}</c> in message templates.</summary>
    [Required, MaxLength(200)]
    public string OrganisationName { get; set; } = "Your care team";

    /// <summary>The domain used in generated Message-IDs.</summary>
    [Required]
    public string MessageIdDomain { get; set; } = "portal.localhost";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PortalBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            yield return new ValidationResult("Notifications:PortalBaseUrl must be an absolute http(s) address.");
    }
}
