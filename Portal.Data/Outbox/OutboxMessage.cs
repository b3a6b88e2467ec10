using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Messaging.Policy;

namespace Portal.Data.Outbox;

/// <summary>
/// A mail waiting to be sent. A row is committed in the same transaction as the change that
/// causes it, so nothing is lost if the process dies; workers lease rows, send and mark them.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public OutboxKind Kind { get; set; }

    /// <summary>Which workers send it: care mail and marketing mail never wait on each other.</summary>
    public OutboxPool Pool { get; set; }

    /// <summary>The account the mail goes to; its address is looked up when sending, so a changed address is honoured.</summary>
    public Guid RecipientId { get; set; }

    /// <summary>What the mail is about, e.g. the secure message's id.</summary>
    public Guid ReferenceId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>Names the worker batch that holds the lease; marking a row requires it, so a worker whose lease was taken over changes nothing.</summary>
    public Guid? LeaseToken { get; set; }

    /// <summary>For list mail (campaigns) to an address fixed when queued; null means the account's current address.</summary>
    public string? RecipientAddress { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentUtc { get; set; }
    public DateTime? FailedUtc { get; set; }

    /// <summary>The last error, as an exception type and SMTP status only (never message content).</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// For a secure message's row: how it actually went out, when sending changed or proved the patient
    /// grain's decision (a fallback to portal pickup, the certificate it was encrypted to). The message
    /// row keeps the decision; readers show this outcome over it.
    /// </summary>
    public DeliveryMethod? OutcomeMethod { get; set; }
    public string? OutcomeReason { get; set; }
    public string? OutcomeEvidence { get; set; }
}

/// <summary>
/// The sending pools. Marketing has its own workers, pace, From address, bounce address and DKIM key, so a
/// campaign of 100,000 never delays a secure-message notice or a password reset, nor spends their reputation.
/// </summary>
public enum OutboxPool : byte
{
    Care = 0,
    Marketing = 1,
}

public enum OutboxKind
{
    SecureMessageNotice = 1,
    RecoveryCodeUsed = 2,
    NewSignIn = 3,
    PasswordReset = 4,
    PasswordChanged = 5,
    BreakGlassAlert = 6,
    RegistrationLink = 7,
    RegistrationExists = 8,
    SecureMessageSmime = 9,
    SecureMessageOpenPgp = 10,
    FactorChanged = 11,

    /// <summary>The whole secure message by email, only over verified TLS 1.2+; otherwise a portal notice.</summary>
    SecureMessageTls = 12,

    /// <summary>An admin's invitation to a staff, marketer or admin account, with its one-time link.</summary>
    AccountInvitation = 13,
    RoleChanged = 14,
    AccountDeactivated = 15,
    AccountReactivated = 16,

    /// <summary>Personalised marketing mail with one-click unsubscribe (RFC 8058); ReferenceId is the MarketingContent.</summary>
    Marketing = 20,
    FormAssigned = 40,
    FormDueSoon = 41,
    FormOverdue = 42,
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> row)
    {
        row.HasKey(r => r.Id);
        row.Property(r => r.LastError).HasMaxLength(500);
        // Each pool leases from its own part of this index: a long campaign queue is never scanned for a care row.
        row.HasIndex(r => new { r.Pool, r.SentUtc, r.FailedUtc, r.NextAttemptUtc });
        // The delivery pool's columns: list addresses and the lease's fencing token.
        row.Property(r => r.RecipientAddress).HasMaxLength(320);
        row.HasIndex(r => r.LeaseToken);
        row.HasIndex(r => r.ReferenceId);
        row.Property(r => r.OutcomeReason).HasMaxLength(500);
        row.Property(r => r.OutcomeEvidence).HasMaxLength(500);
    }
}
