namespace Portal.Grains.Data;

/// <summary>
/// A mail waiting to be sent. A row is committed in the same transaction as the change that
/// causes it, so nothing is lost if the process dies; workers lease rows, send and mark them.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public OutboxKind Kind { get; set; }

    /// <summary>The account the mail goes to; its address is looked up when sending, so a changed address is honoured.</summary>
    public Guid RecipientId { get; set; }

    /// <summary>What the mail is about, e.g. the secure message's id.</summary>
    public Guid ReferenceId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentUtc { get; set; }
    public DateTime? FailedUtc { get; set; }

    /// <summary>The last error, as an exception type and SMTP status only (never message content).</summary>
    public string? LastError { get; set; }
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
    FormAssigned = 40,
    FormDueSoon = 41,
    FormOverdue = 42,
}
