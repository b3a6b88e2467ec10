using Portal.Forms.Answers;
using Portal.Forms.Versioning;

namespace Portal.Forms.Submissions;

/// <summary>A patient's answers to one published version, tied to that version's content hash.</summary>
public sealed record FormSubmission
{
    /// <summary>Unique id of the submission.</summary>
    public required Guid Id { get; init; }

    /// <summary>The form answered.</summary>
    public required string FormId { get; init; }

    /// <summary>The version answered.</summary>
    public required int FormVersion { get; init; }

    /// <summary>Content hash of the version answered, proving exactly which wording the patient saw.</summary>
    public required string FormContentHash { get; init; }

    /// <summary>The answers.</summary>
    public required FormAnswers Answers { get; init; }

    /// <summary>Server time the submission was accepted.</summary>
    public required DateTimeOffset SubmittedAtUtc { get; init; }

    /// <summary>Opaque reference to the patient (e.g. a record number or label), supplied by the caller.</summary>
    public required string PatientReference { get; init; }

    /// <summary>Signing evidence when the form carries an e-signature.</summary>
    public SignatureEvidence? Signature { get; init; }

    /// <summary>SHA-256 of the exact content the signer signed, when the submission was sealed; lets a reader check the record against the sealed copy.</summary>
    public string? SignedContentHash { get; init; }

    /// <summary>Records answers against a published version.</summary>
    public static FormSubmission Create(PublishedForm form, FormAnswers answers, string patientReference, DateTimeOffset submittedAtUtc, SignatureEvidence? signature = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentException.ThrowIfNullOrWhiteSpace(patientReference);
        return new FormSubmission
        {
            Id = Guid.NewGuid(),
            FormId = form.FormId,
            FormVersion = form.Version,
            FormContentHash = form.ContentHash,
            Answers = answers,
            SubmittedAtUtc = submittedAtUtc.ToUniversalTime(),
            PatientReference = patientReference,
            Signature = signature,
        };
    }

    /// <summary>Whether this submission answered exactly the given published version.</summary>
    public bool WasAnsweredOn(PublishedForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return FormId == form.FormId && FormVersion == form.Version && ContentHash.AreEqual(FormContentHash, form.ContentHash);
    }
}
