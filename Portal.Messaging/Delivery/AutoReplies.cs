using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Recognises automatic replies (vacation notices, out-of-office): they come to the bounce address like bounces but
/// say nothing about whether the mailbox exists, so they must never suppress it. RFC 3834's Auto-Submitted header
/// first, then the headers and subjects Exchange, Outlook, Gmail and common vacation programs use without it.
/// </summary>
public static class AutoReplies
{
    private static readonly string[] Subjects =
        ["automatic reply", "auto reply", "autoreply", "auto-reply", "out of office", "out of the office", "on vacation", "away from the office",
         "abwesenheitsnotiz", "réponse automatique", "respuesta automática", "risposta automatica"];

    /// <summary>Whether <paramref name="message"/> is an automatic reply rather than a delivery report.</summary>
    public static bool Is(MimeMessage message)
    {
        // Mailer daemons go on no holidays; Exim marks its bounces auto-replied.
        if (TextBounceParser.FromMailerDaemon(message)) return false;
        var headers = message.Headers;
        // RFC 3834: auto-replied marks a reply; auto-generated is also what MTAs put on real bounces, so it alone is not enough.
        if (headers["Auto-Submitted"]?.Trim().StartsWith("auto-replied", StringComparison.OrdinalIgnoreCase) == true) return true;
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Vacation")) return true;
        if (headers["Precedence"]?.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase) == true) return true;
        if (headers["X-Auto-Response-Suppress"] is not null && headers["Auto-Submitted"] is not null && !LooksLikeBounceSubject(message.Subject)) return true;
        var subject = message.Subject?.Trim() ?? "";
        return Subjects.Any(s => subject.StartsWith(s, StringComparison.OrdinalIgnoreCase) || subject.Contains(": " + s, StringComparison.OrdinalIgnoreCase));
    }

    internal static bool LooksLikeBounceSubject(string? subject) =>
        subject is not null && TextBounceParser.BounceSubjects.Any(s => subject.Contains(s, StringComparison.OrdinalIgnoreCase));
}
