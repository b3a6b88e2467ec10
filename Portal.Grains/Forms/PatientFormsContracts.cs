using Portal.Forms.Answers;

namespace Portal.Grains.Forms;

/// <summary>Where an assignment stands, as staff and the patient see it.</summary>
public enum AssignmentStatus { ToDo, InProgress, Submitted, Overdue }

/// <summary>Staff ask a patient to fill one published version by a due date.</summary>
[GenerateSerializer, Immutable]
public sealed record NewFormAssignment(
    [property: Id(0)] string FormId,
    [property: Id(1)] int FormVersion,
    [property: Id(2)] DateTime DueUtc);

/// <summary>A line of a patient's form list. Form titles are not PHI; answers never appear here.</summary>
[GenerateSerializer, Immutable]
public sealed record AssignmentSummary(
    [property: Id(0)] Guid AssignmentId,
    [property: Id(1)] Guid PatientId,
    [property: Id(2)] string FormId,
    [property: Id(3)] int FormVersion,
    [property: Id(4)] string FormTitle,
    [property: Id(5)] DateTime AssignedUtc,
    [property: Id(6)] DateTime DueUtc,
    [property: Id(7)] AssignmentStatus Status,
    [property: Id(8)] Guid? SubmissionId,
    [property: Id(9)] DateTime? SubmittedUtc);

/// <summary>An assignment opened for filling: its draft answers (canonical JSON) and the page the patient left off on.</summary>
[GenerateSerializer, Immutable]
public sealed record AssignmentDraft(
    [property: Id(0)] AssignmentSummary Assignment,
    [property: Id(1)] string AnswersJson,
    [property: Id(2)] string? PageId);

/// <summary>The result of a submission attempt: the new submission's id, or the problems found (nothing stored).</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitOutcome(
    [property: Id(0)] Guid? SubmissionId,
    [property: Id(1)] IReadOnlyList<SubmitProblem> Problems)
{
    public bool Succeeded => SubmissionId is not null;
}

[GenerateSerializer, Immutable]
public sealed record SubmitProblem([property: Id(0)] string FieldId, [property: Id(1)] string Message);

/// <summary>A line of a patient's submissions list (no answers).</summary>
[GenerateSerializer, Immutable]
public sealed record SubmissionSummary(
    [property: Id(0)] Guid SubmissionId,
    [property: Id(1)] string FormId,
    [property: Id(2)] int FormVersion,
    [property: Id(3)] string FormTitle,
    [property: Id(4)] DateTime SubmittedUtc,
    [property: Id(5)] Guid? AssignmentId);

/// <summary>A submission opened and checked against its seal: the signed content and who signed it, when and from where.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmissionView(
    [property: Id(0)] Guid SubmissionId,
    [property: Id(1)] Guid? PatientId,
    [property: Id(2)] string FormId,
    [property: Id(3)] int FormVersion,
    [property: Id(4)] string FormContentHash,
    [property: Id(5)] string AnswersJson,
    [property: Id(6)] string SignedContentJson,
    [property: Id(7)] string SignedContentHash,
    [property: Id(8)] string SignerReference,
    [property: Id(9)] DateTimeOffset SignedAtUtc,
    [property: Id(10)] string IpAddress,
    [property: Id(11)] Guid? AssignmentId = null);

/// <summary>A stored submission no longer matches its seal: it was changed outside the product.</summary>
public sealed class SubmissionTamperedException(string message) : Exception(message);

/// <summary>The stored file's description (what goes into the answers), or why it was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record FormFileOutcome(
    [property: Id(0)] string? FileName,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] long SizeBytes,
    [property: Id(3)] string? Problem,
    [property: Id(4)] string? Sha256 = null)
{
    public FileAnswer? Answer => Problem is null && FileName is not null && ContentType is not null ? new FileAnswer(FileName, ContentType, SizeBytes, Sha256) : null;
}

[GenerateSerializer, Immutable]
public sealed record FormFileContent(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content);
