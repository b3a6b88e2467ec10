using System.Text;

namespace Portal.Messaging.Delivery;

/// <summary>A recipient marked a message as spam, reported through a feedback loop (ARF, RFC 5965).</summary>
/// <param name="FeedbackType">abuse, fraud, virus, not-spam, other ...</param>
/// <param name="OriginalMessageId">The Message-ID of the reported message (without angle brackets).</param>
/// <param name="OriginalRecipient">Original-Rcpt-To, when the mailbox provider discloses it (many redact it).</param>
/// <param name="UserAgent">The software that wrote the report.</param>
/// <param name="ArrivalDate">When the provider received the reported message.</param>
public sealed record Complaint(
    string FeedbackType,
    string? OriginalMessageId,
    string? OriginalRecipient,
    string? UserAgent,
    DateTimeOffset? ArrivalDate)
{
    // Records print every property; the recipient address is left out so a logged record leaks none.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"FeedbackType = {FeedbackType}, OriginalMessageId = {OriginalMessageId}, UserAgent = {UserAgent}, ArrivalDate = {ArrivalDate}");
        return true;
    }
}
