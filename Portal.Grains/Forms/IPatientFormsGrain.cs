using Portal.Grains.Audit;

namespace Portal.Grains.Forms;

/// <summary>
/// One patient's forms, keyed by the patient's id: assignments, encrypted drafts and sealed submissions. It is the
/// single writer of them and audits every access; another patient's assignment or submission id reads as unknown.
/// </summary>
public interface IPatientFormsGrain : IGrainWithGuidKey
{
    /// <summary>Staff ask the patient to fill a published version; the patient is emailed a notice (a link, no PHI).</summary>
    /// <exception cref="ArgumentException">Unknown form version or a due date in the past.</exception>
    Task<Guid> AssignAsync(NewFormAssignment assignment, AuditActor actor);

    Task<IReadOnlyList<AssignmentSummary>> ListAssignmentsAsync(AuditActor actor);

    /// <summary>The assignment with its decrypted draft; null when unknown or not this patient's.</summary>
    Task<AssignmentDraft?> OpenAssignmentAsync(Guid assignmentId, AuditActor actor);

    /// <summary>Stores the draft encrypted. False when unknown, not this patient's, or already submitted.</summary>
    Task<bool> SaveDraftAsync(Guid assignmentId, string answersJson, string? pageId, AuditActor actor);

    /// <summary>The patient uploads a file answering one question: its content is checked (type by magic bytes agreeing with
    /// the name, the question's size limit) and stored encrypted, replacing an earlier upload for that question. A refused file changes nothing.
    /// Null when the assignment is unknown, not this patient's, or already submitted.</summary>
    Task<FormFileOutcome?> StoreFileAsync(Guid assignmentId, string fieldId, string fileName, byte[] content, AuditActor actor);

    /// <summary>The file uploaded for a question; null when unknown or not this patient's.</summary>
    Task<FormFileContent?> OpenFileAsync(Guid assignmentId, string fieldId, AuditActor actor);

    /// <summary>A file sent with a public submission that staff attached to this patient; null when unknown or not this patient's.</summary>
    Task<FormFileContent?> OpenPublicFileAsync(Guid submissionId, string fieldId, AuditActor actor);

    /// <summary>Validates every answer against the published version and, when all is well, seals and stores the
    /// signed submission; otherwise nothing changes. Null when the assignment is unknown or already submitted.</summary>
    Task<SubmitOutcome?> SubmitAsync(Guid assignmentId, string answersJson, AuditActor actor);

    Task<IReadOnlyList<SubmissionSummary>> ListSubmissionsAsync(AuditActor actor);

    /// <summary>Opens a submission after checking its seal; null when unknown or not this patient's.</summary>
    /// <exception cref="SubmissionTamperedException">The stored record was changed.</exception>
    Task<SubmissionView?> GetSubmissionAsync(Guid submissionId, AuditActor actor);

    /// <summary>Staff attach a public (anonymous) submission to this patient: it and its files are re-encrypted under the patient's key.</summary>
    Task<bool> AttachPublicSubmissionAsync(Guid submissionId, AuditActor actor);

    /// <summary>The patient asks for the marketing authorisation to sign: their open copy, or a new one.</summary>
    Task<Guid> RequestAuthorisationFormAsync(AuditActor actor);

    /// <summary>Retention (the product only): removes submissions made before the cutoff with their assignments,
    /// files, webhook deliveries and notices. Nothing goes while the record is under a legal hold.</summary>
    Task<int> DisposeSubmissionsAsync(DateTime cutoff, AuditActor actor);
}
