using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.Messaging.Dkim;

/// <summary>Chooses which header fields a DKIM signature covers.</summary>
public static partial class DkimHeaderList
{
    /// <summary>
    /// Headers signed when present: what a reader sees or a mail client acts on
    /// (one-click unsubscribe in particular), and the MIME structure.
    /// </summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID",
        "In-Reply-To", "References", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Feedback-ID",
    ];

    // Signing one more instance than exists makes adding such a header (a second From,
    // a forged Subject) break the signature, which RFC 6376 section 8.15 recommends.
    private static readonly HashSet<string> Oversigned = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
    };

    // Relays add or rewrite these, so a signature over them would break in transit.
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "Return-Path", "Received", "Comments", "Keywords", "Bcc", "Resent-Bcc", "DKIM-Signature",
    };

    /// <summary>True when <paramref name="header"/> may appear in a DKIM <c>h=</c> list.</summary>
    public static bool MaySign(string header) =>
        !string.IsNullOrWhiteSpace(header) && HeaderName().IsMatch(header) && !Forbidden.Contains(header);

    /// <summary>True when <paramref name="selector"/> is a dot-separated sequence of DNS labels.</summary>
    public static bool IsValidSelector(string? selector) =>
        !string.IsNullOrEmpty(selector) && selector.Length <= 253 && Selector().IsMatch(selector);

    /// <summary>
    /// The <c>h=</c> list for <paramref name="message"/>: each wanted header once per occurrence,
    /// plus one more for the oversigned ones so they cannot be added after signing.
    /// </summary>
    public static IList<string> For(MimeMessage message, IReadOnlyCollection<string> wanted)
    {
        var names = wanted.Count == 0 ? Default : wanted;
        var list = new List<string>();
        foreach (var name in names.Prepend("From").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!MaySign(name))
                continue;
            var headers = name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && message.Body is not null
                ? message.Body.Headers
                : message.Headers;
            var count = headers.Count(h => string.Equals(h.Field, name, StringComparison.OrdinalIgnoreCase));
            if (Oversigned.Contains(name))
                count++;
            for (var i = 0; i < count; i++)
                list.Add(name);
        }
        return list;
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex Selector();
}
