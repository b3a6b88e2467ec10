using System.ComponentModel.DataAnnotations;

namespace Portal.Messaging.Delivery;

/// <summary>One-click unsubscribe (RFC 8058) for marketing messages.</summary>
public sealed class ListUnsubscribeOptions : IValidatableObject
{
    /// <summary>Configuration section these options bind to.</summary>
    public const string SectionName = "Delivery:Unsubscribe";

    /// <summary>HTTPS address the token is appended to, e.g. <c>https://portal.example.org/unsubscribe/</c>.</summary>
    [Required]
    public string? BaseUrl { get; set; }

    /// <summary>Mailbox that takes unsubscribe requests by mail, e.g. <c>unsubscribe@portal.example.org</c>.</summary>
    [Required]
    public string? MailtoAddress { get; set; }

    /// <summary>HMAC key for the tokens, base64, at least 32 bytes. Keep it secret: it makes tokens unforgeable.</summary>
    [Required]
    public string? SigningKey { get; set; }

    /// <summary>
    /// The key before the last rotation, still accepted when verifying, so links already in
    /// inboxes keep working while the new key takes over.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>Days a token stays valid; null for no expiry (an old message's link should still work).</summary>
    [Range(1, 3650)]
    public int? TokenLifetimeDays { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A development portal on this machine (http://localhost) is the one exception to RFC 8058's HTTPS.
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            yield return new ValidationResult($"{SectionName}:BaseUrl must be an absolute https address (RFC 8058 requires HTTPS).");
        if (KeyLength(SigningKey) < 32)
            yield return new ValidationResult($"{SectionName}:SigningKey must be base64 of at least 32 random bytes.");
        if (PreviousSigningKey is not null && KeyLength(PreviousSigningKey) < 32)
            yield return new ValidationResult($"{SectionName}:PreviousSigningKey must be base64 of at least 32 bytes.");
        if (MailtoAddress is not null && (MailtoAddress.Contains('?') || !MailtoAddress.Contains('@')))
            yield return new ValidationResult($"{SectionName}:MailtoAddress must be a plain address.");
    }

    private static int KeyLength(string? base64)
    {
        var buffer = new byte[((base64?.Length ?? 0) * 3 / 4) + 3];
        return base64 is not null && Convert.TryFromBase64String(base64, buffer, out var written) ? written : 0;
    }
}
