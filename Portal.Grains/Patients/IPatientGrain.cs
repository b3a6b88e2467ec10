using Portal.Grains.Audit;

namespace Portal.Grains.Patients;

/// <summary>
/// One patient's record and inbox, keyed by the patient's id. It is the single writer of
/// that inbox and audits every access. (Read-only paths outside it also decrypt: the staff patient
/// list, break-glass reasons, and the composer of encrypted mail.)
/// </summary>
public interface IPatientGrain : IGrainWithGuidKey
{
    /// <summary>Creates the patient record (first call) or does nothing if it exists.</summary>
    Task CreateRecordAsync(string fullName, AuditActor actor);

    Task<PatientSummary?> GetSummaryAsync(AuditActor actor);

    /// <summary>Stores the message encrypted and queues a portal-pickup notice in the same transaction.</summary>
    /// <exception cref="ArgumentException">The message breaks <see cref="SecureMessageLimits"/> or <see cref="AttachmentRules"/>.</exception>
    /// <exception cref="KeyNotFoundException">There is no such patient.</exception>
    Task<Guid> SendSecureMessageAsync(NewSecureMessage message, AuditActor actor);

    Task<IReadOnlyList<InboxItem>> GetInboxAsync(AuditActor actor);

    /// <summary>Opens one of this patient's messages; marks it read when the patient opens it.
    /// Returns null for an unknown id or one that belongs to another patient.</summary>
    Task<SecureMessageView?> OpenMessageAsync(Guid messageId, AuditActor actor);

    /// <summary>Every message of one conversation, oldest first; marks what the reader had not yet read.</summary>
    Task<IReadOnlyList<SecureMessageView>> GetThreadAsync(Guid threadId, AuditActor actor);

    /// <summary>The patient answers inside a thread staff opened; patients cannot start threads.</summary>
    /// <exception cref="ArgumentException">The reply is empty or too long, or its files break <see cref="AttachmentRules"/>.</exception>
    /// <exception cref="InvalidOperationException">No such open thread (unknown, recalled or expired).</exception>
    Task<Guid> ReplyAsync(Guid threadId, string body, AuditActor actor, IReadOnlyList<NewAttachment>? attachments = null);

    /// <summary>Opens one attachment for download. Returns null for an unknown id, another patient's attachment,
    /// or one whose message was recalled, expired or erased; every attempt is audited.</summary>
    Task<AttachmentContent?> OpenAttachmentAsync(Guid attachmentId, AuditActor actor);

    /// <summary>Staff recall a message: it shows as recalled and its link no longer opens it. False if there is no such staff message.</summary>
    Task<bool> RecallAsync(Guid messageId, AuditActor actor);

    /// <summary>Crypto-shredding (admins only): destroys the patient's data key, so every stored subject,
    /// body and name of this patient becomes unreadable, while the audit trail stays.</summary>
    Task<bool> EraseRecordAsync(AuditActor actor);

    /// <summary>Retention (the product only): removes every conversation whose newest message was sent before the
    /// cutoff, with its attachments and outbox rows. Nothing goes while the record is under a legal hold.</summary>
    Task<int> DisposeMessagesAsync(DateTime cutoff, AuditActor actor);

    /// <summary>Retention (the product only): removes attachments stored before the cutoff; their messages stay.</summary>
    Task<int> DisposeAttachmentsAsync(DateTime cutoff, AuditActor actor);

    /// <summary>Assigns a patient's reply to a staff member of the care team.</summary>
    Task<bool> AssignAsync(Guid messageId, Guid staffId, AuditActor actor);
}
