using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Reads bounces that are not RFC 3464 reports: the plain-text notices of Exim, qmail, Yahoo, OpenSMTPD, older
/// Exchange and Postfix configurations without DSN, and forwarding services. A message counts only when it comes from
/// a mailer daemon or carries a bounce subject; its status is the enhanced code it quotes (RFC 3463), else the SMTP
/// reply code, else the wording of the well-known permanent and temporary failures. Automatic replies are never
/// bounces (<see cref="AutoReplies"/>).
/// </summary>
public static partial class TextBounceParser
{
    internal static readonly string[] BounceSubjects =
    [
        "undelivered mail returned to sender", "mail delivery failed", "failure notice", "delivery status notification",
        "undeliverable", "delivery failure", "returned mail", "mail delivery failure", "delivery has failed",
        "could not be delivered", "non remis", "unzustellbar", "warning: message", "delayed mail",
    ];

    private static readonly string[] HardWords =
    [
        "user unknown", "unknown user", "no such user", "no such recipient", "does not exist", "doesn't exist", "doesn't have a",
        "recipient not found", "recipnotfound", "address rejected", "mailbox unavailable", "mailbox not found", "invalid recipient",
        "account has been disabled", "account is disabled", "unrouteable address", "no mailbox here",
    ];

    private static readonly string[] SoftWords =
    [
        "mailbox full", "mailbox is full", "over quota", "quota exceeded", "insufficient storage", "temporarily", "try again later",
        "has not yet been delivered", "will be retried", "still trying", "delayed",
    ];

    [GeneratedRegex(@"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Enhanced();

    [GeneratedRegex(@"(?<![\d.#])([45]\d\d)(?=[ \-:]|$)", RegexOptions.CultureInvariant | RegexOptions.Multiline, matchTimeoutMilliseconds: 500)]
    private static partial Regex Reply();

    [GeneratedRegex(@"^Message-ID:\s*(<[^>\r\n]+>)", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 500)]
    private static partial Regex ReturnedMessageId();

    /// <summary>The bounce in <paramref name="message"/> as a one-recipient report, or null when it is not a bounce.</summary>
    public static DeliveryReport? Parse(MimeMessage message)
    {
        if (AutoReplies.Is(message) || !FromMailerDaemon(message) && !AutoReplies.LooksLikeBounceSubject(message.Subject)) return null;
        var text = message.TextBody ?? message.HtmlBody ?? "";
        if (text.Length > 200_000) text = text[..200_000];
        // The diagnostic is what comes before the returned message, which quotes our own text and codes.
        var diagnostic = CutReturnedMessage(text);
        var lower = diagnostic.ToLowerInvariant();

        string? status = null;
        if (Enhanced().Match(diagnostic) is { Success: true } enhanced) status = enhanced.Value;
        else if (Reply().Match(diagnostic) is { Success: true } reply) status = reply.Value[0] == '5' ? (HardWords.Any(lower.Contains) ? "5.1.1" : "5.0.0") : "4.0.0";
        else if (HardWords.Any(lower.Contains)) status = "5.1.1";
        else if (SoftWords.Any(lower.Contains)) status = "4.0.0";
        if (status is null) return null;

        var action = status[0] == '5' ? DsnAction.Failed : DsnAction.Delayed;
        var line = FirstLineWith(diagnostic, status) ?? FirstLineWith(diagnostic, HardWords.Concat(SoftWords).FirstOrDefault(lower.Contains) ?? status);
        var recipient = new DsnRecipient(null, null, action, status, AddressRedactor.Redact(line?.Trim()), null);
        var messageId = ReturnedMessageId().Match(text) is { Success: true } id ? id.Groups[1].Value.Trim('<', '>') : ReportParts.ReturnedMessageIdOf(message);
        return new DeliveryReport(message.From.Mailboxes.FirstOrDefault()?.Domain, null, messageId, [recipient]);
    }

    internal static bool FromMailerDaemon(MimeMessage message) =>
        message.From.Mailboxes.Any(m => m.LocalPart.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase)
            || m.LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase) || m.LocalPart.StartsWith("mail-daemon", StringComparison.OrdinalIgnoreCase));

    private static readonly string[] ReturnedMarkers =
    [
        "------ this is a copy of the message", "--- below this line is a copy of the message", "--- below this line is the original",
        "----- original message -----", "original message headers", "------- received message", "the original message was received",
    ];

    private static string CutReturnedMessage(string text)
    {
        var lower = text.ToLowerInvariant();
        var cut = ReturnedMarkers.Select(m => lower.IndexOf(m, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(text.Length).Min();
        return text[..cut];
    }

    private static string? FirstLineWith(string text, string what) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(what, StringComparison.OrdinalIgnoreCase));
}
