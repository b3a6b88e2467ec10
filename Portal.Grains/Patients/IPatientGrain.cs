using Portal.Grains.Audit;

namespace Portal.Grains.Patients;

/// <summary>
/// One patient's record and inbox, keyed by the patient's id. It is the single writer of
/// that inbox and the only code that encrypts or decrypts the patient's PHI; it audits every access.
/// </summary>
public interface IPatientGrain : IGrainWithGuidKey
{
    /// <summary>Creates the patient record (first call) or does nothing if it exists.</summary>
    Task CreateRecordAsync(string fullName, AuditActor actor);

    Task<PatientSummary?> GetSummaryAsync(AuditActor actor);

    /// <summary>Stores the message encrypted and queues a portal-pickup notice in the same transaction.</summary>
    /// <exception cref="ArgumentException">The message breaks <see cref="SecureMessageLimits"/>.</exception>
    /// <exception cref="KeyNotFoundException">There is no such patient.</exception>
    Task<Guid> SendSecureMessageAsync(NewSecureMessage message, AuditActor actor);

    Task<IReadOnlyList<InboxItem>> GetInboxAsync(AuditActor actor);

    /// <summary>Opens one of this patient's messages; marks it read when the patient opens it.
    /// Returns null for an unknown id or one that belongs to another patient.</summary>
    Task<SecureMessageView?> OpenMessageAsync(Guid messageId, AuditActor actor);
}
