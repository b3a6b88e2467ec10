using Microsoft.EntityFrameworkCore;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>Queues a mail durably: once this returns, the row is committed and will be sent.</summary>
public sealed class OutboxWriter(IDbContextFactory<PortalDbContext> dbFactory, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>The kinds whose ReferenceId is a secure message.</summary>
    public static readonly OutboxKind[] SecureMessageKinds =
        [OutboxKind.SecureMessageNotice, OutboxKind.SecureMessageTls, OutboxKind.SecureMessageSmime, OutboxKind.SecureMessageOpenPgp];

    /// <summary>The kinds whose ReferenceId is a form assignment.</summary>
    public static readonly OutboxKind[] FormAssignmentKinds = [OutboxKind.FormAssigned, OutboxKind.FormDueSoon, OutboxKind.FormOverdue];

    public async Task<Guid> EnqueueAsync(OutboxKind kind, Guid recipientId, Guid referenceId = default, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = NewRow(kind, recipientId, referenceId, clock.GetUtcNow().UtcDateTime);
        db.Outbox.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return row.Id;
    }

    /// <summary>A row to add inside a caller's own transaction; call <see cref="OutboxSignal.Notify"/> after committing.</summary>
    public static OutboxMessage NewRow(OutboxKind kind, Guid recipientId, Guid referenceId, DateTime nowUtc) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        Pool = kind == OutboxKind.Marketing ? OutboxPool.Marketing : OutboxPool.Care,
        RecipientId = recipientId,
        ReferenceId = referenceId,
        CreatedUtc = nowUtc,
        NextAttemptUtc = nowUtc,
    };
}
