namespace Portal.Grains.Forms;

/// <summary>Where submissions are announced. With no URL, no webhook calls are made.</summary>
public sealed class FormWebhookOptions
{
    public const string SectionName = "FormWebhook";

    /// <summary>Absolute http(s) URL that receives a POST per submission.</summary>
    public string? Url { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature; at least 32 characters.</summary>
    public string? Secret { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait after the first failure; doubled after each further failure, up to an hour.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxAttempts { get; set; } = 10;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>Returns what is wrong, or null.</summary>
    public string? Problem()
    {
        if (!IsEnabled) return null;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return "FormWebhook:Url must be an absolute http(s) URL.";
        if (string.IsNullOrEmpty(Secret) || Secret.Length < 32)
            return "FormWebhook:Secret must be at least 32 characters.";
        if (MaxAttempts is < 1 or > 50 || InitialBackoff <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
            return "FormWebhook retry settings are out of range.";
        return null;
    }
}
