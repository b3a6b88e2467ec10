using System.Text.RegularExpressions;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Removes email addresses from server replies and diagnostics. A recipient address next to
/// a clinic's name in a log is PHI, and servers echo it in most rejections.
/// </summary>
public static partial class AddressRedactor
{
    /// <summary>Replacement text for a removed address.</summary>
    public const string Placeholder = "[address]";

    // Generous on purpose: a false positive costs a word of diagnostics, a miss leaks an address.
    [GeneratedRegex(@"<[^<>\s]*@[^<>\s]*>|[^\s<>()\[\]:;,""']+@[^\s<>()\[\]:;,""']+", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    /// <summary>Returns <paramref name="text"/> with every email address replaced by <see cref="Placeholder"/>.</summary>
    public static string Redact(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Address().Replace(text, Placeholder);
}
