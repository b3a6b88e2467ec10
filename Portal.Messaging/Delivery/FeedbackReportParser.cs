using MimeKit;
using MimeKit.Utils;

namespace Portal.Messaging.Delivery;

/// <summary>Reads complaint reports (ARF, RFC 5965: multipart/report; report-type=feedback-report).</summary>
public static class FeedbackReportParser
{
    /// <summary>The complaint in <paramref name="message"/>, or null when it is not a feedback report.</summary>
    public static Complaint? Parse(MimeMessage message)
    {
        var report = ReportParts.Find(message, "feedback-report");
        var feedback = report?.OfType<MessageFeedbackReport>().FirstOrDefault();
        if (report is null || feedback is null) return null;

        var fields = feedback.Fields;
        var arrival = ReportParts.Value(fields, "Arrival-Date") ?? ReportParts.Value(fields, "Received-Date");
        return new Complaint(
            (ReportParts.Value(fields, "Feedback-Type") ?? "other").ToLowerInvariant(),
            ReportParts.ReturnedMessageId(report),
            ReportParts.Value(fields, "Original-Rcpt-To")?.Trim('<', '>'),
            ReportParts.Value(fields, "User-Agent"),
            arrival is not null && DateUtils.TryParse(arrival, out var date) ? date : null);
    }
}
