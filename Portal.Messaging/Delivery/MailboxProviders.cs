namespace Portal.Messaging.Delivery;

/// <summary>
/// The large mailbox providers, known by their MX host names. Their limits and reputation are per provider, not
/// per recipient domain (every company on Google Workspace or Microsoft 365 is the same receiver), so sending
/// limits and slowing down count against the provider.
/// </summary>
public static class MailboxProviders
{
    private static readonly (string Suffix, string Provider)[] Known =
    [
        (".google.com", "google"), (".googlemail.com", "google"),
        (".protection.outlook.com", "microsoft"), (".outlook.com", "microsoft"), (".hotmail.com", "microsoft"),
        (".yahoodns.net", "yahoo"), (".yahoo.com", "yahoo"), (".aol.com", "yahoo"),
        (".icloud.com", "apple"), (".me.com", "apple"),
        (".pphosted.com", "proofpoint"), (".mimecast.com", "mimecast"),
    ];

    /// <summary>The provider an MX host belongs to (e.g. "google" for aspmx.l.google.com), or null for anyone else.</summary>
    public static string? Of(string mxHost)
    {
        var host = "." + mxHost.TrimEnd('.').ToLowerInvariant();
        foreach (var (suffix, provider) in Known)
            if (host.EndsWith(suffix, StringComparison.Ordinal)) return provider;
        return null;
    }
}
