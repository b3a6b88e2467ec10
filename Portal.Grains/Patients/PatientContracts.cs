using Portal.Messaging.Content;
using Portal.Messaging.Policy;

namespace Portal.Grains.Patients;

/// <summary>Limits a secure message must respect; checked by the page for a clear message and by the grain as the authority.</summary>
public static class SecureMessageLimits
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 20_000;

    /// <summary>Returns a reason the message is refused, or null when it is acceptable.</summary>
    public static string? Check(string? subject, string? body)
    {
        if (string.IsNullOrWhiteSpace(subject)) return "Enter a subject.";
        if (subject.Length > SubjectMaxLength) return $"The subject must be {SubjectMaxLength} characters or fewer.";
        if (subject.Any(c => char.IsControl(c))) return "The subject cannot contain line breaks or control characters.";
        if (string.IsNullOrWhiteSpace(body)) return "Enter a message.";
        if (body.Length > BodyMaxLength) return $"The message must be {BodyMaxLength:N0} characters or fewer.";
        return null;
    }

    /// <summary>As <see cref="Check(string?, string?)"/>; formatted text must also have words once reduced to the allowed markup.</summary>
    public static string? Check(string? subject, string? body, BodyFormat format) =>
        Check(subject, body) ?? (format == BodyFormat.Html ? Check(subject, MessageHtml.ToPlainText(MessageHtml.Sanitize(body!))) : null);
}

/// <param name="Sensitivity">What the sender says the content is; the policy may raise it, never lower it.</param>
[GenerateSerializer, Immutable]
public sealed record NewSecureMessage(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Body,
    [property: Id(2)] Sensitivity Sensitivity = Sensitivity.Phi,
    [property: Id(3)] Guid? ThreadId = null,
    [property: Id(4)] DateTime? ExpiresUtc = null,
    [property: Id(5)] BodyFormat Format = BodyFormat.Plain,
    [property: Id(6)] IReadOnlyList<NewAttachment>? Attachments = null);

/// <summary>A file as uploaded: the name and type are the uploader's claims, checked against the content by <see cref="AttachmentRules"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record NewAttachment(
    [property: Id(0)] string FileName,
    [property: Id(1)] string? DeclaredContentType,
    [property: Id(2)] byte[] Content);

/// <summary>A file that passed the checks: a clean name and the type its bytes show.</summary>
public sealed record CheckedAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What a reader sees of an attachment before opening it.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentInfo(
    [property: Id(0)] Guid AttachmentId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long SizeBytes)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
    public bool IsPdf => ContentType == "application/pdf";
}

/// <summary>An opened attachment: decrypted content with the type detected when it was stored.</summary>
[GenerateSerializer, Immutable]
public sealed record AttachmentContent(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content);

/// <summary>Whether a message can still be read.</summary>
public enum MessageState { Active, Recalled, Expired, Erased }

/// <summary>A line of the patient's inbox, with how it was delivered (shown to staff).</summary>
[GenerateSerializer, Immutable]
public sealed record InboxItem(
    [property: Id(0)] Guid MessageId,
    [property: Id(1)] string Subject,
    [property: Id(2)] string SenderName,
    [property: Id(3)] DateTime SentUtc,
    [property: Id(4)] DateTime? ReadUtc,
    [property: Id(5)] DeliveryMethod DeliveryMethod,
    [property: Id(6)] string PolicyReason,
    [property: Id(7)] Guid ThreadId,
    [property: Id(8)] bool FromPatient,
    [property: Id(9)] MessageState State,
    [property: Id(10)] DateTime? StaffReadUtc,
    [property: Id(11)] Guid? AssignedStaffId,
    [property: Id(12)] Guid PatientId,
    [property: Id(13)] string? DeliveryEvidence);

/// <summary>An opened message. A recalled or expired message carries no subject or body.</summary>
[GenerateSerializer, Immutable]
public sealed record SecureMessageView(
    [property: Id(0)] Guid MessageId,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Body,
    [property: Id(3)] string SenderName,
    [property: Id(4)] DateTime SentUtc,
    [property: Id(5)] DateTime? ReadUtc,
    [property: Id(6)] Guid ThreadId,
    [property: Id(7)] bool FromPatient,
    [property: Id(8)] MessageState State,
    [property: Id(9)] BodyFormat Format,
    [property: Id(10)] IReadOnlyList<AttachmentInfo> Attachments);

/// <summary>A patient's record summary as staff see it.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientSummary(
    [property: Id(0)] Guid PatientId,
    [property: Id(1)] string FullName,
    [property: Id(2)] string? Email);
