using MimeKit;
using Portal.Data.Outbox;
using Portal.Messaging.Policy;

namespace Portal.Grains.Outbox;

/// <summary>Builds the mail for one kind of outbox row, at send time (so links and tokens are fresh).</summary>
public interface IOutboxMailComposer
{
    OutboxKind Kind { get; }

    /// <summary>Returns the mail, or null when it should no longer be sent (e.g. the thing it announces is gone).</summary>
    Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken);

    /// <summary>Reads what a batch of this kind's rows needs in one go, before they are composed one by one.</summary>
    Task PrepareBatchAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Forgets what <see cref="PrepareBatchAsync"/> read for rows that were not composed.</summary>
    void EndBatch(IReadOnlyList<OutboxMessage> rows) { }
}

/// <summary>A mail ready to send and, for a secure message, how composing it settled the delivery.</summary>
public sealed record ComposedMail(MimeMessage Mail, SentAs? Outcome = null)
{
    /// <summary>The mail names patient data: send it only over verified TLS.</summary>
    public bool RequireVerifiedTls { get; init; }

    /// <summary>What to send instead when verified TLS cannot be had: the same mail without patient data, made only then.</summary>
    public Func<MimeMessage>? WithoutPhi { get; init; }

    // A null mail (nothing to send) stays null rather than becoming an empty envelope.
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(mail))]
    public static implicit operator ComposedMail?(MimeMessage? mail) => mail is null ? null : new(mail);
}

/// <summary>How a secure message actually went out, kept on its outbox row beside the grain's decision.</summary>
public sealed record SentAs(DeliveryMethod Method, string? Reason, string? Evidence);
