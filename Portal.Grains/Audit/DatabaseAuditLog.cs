using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Grains.Audit;

/// <summary>
/// Appends audit entries to the hash chain, durably before <see cref="WriteAsync"/> returns. Concurrent writers are
/// gathered into group commits: whoever finds no append running writes everything waiting in one transaction, which
/// first takes the chain head's row (an UPDATE, on every provider a write lock) so that writers in other processes
/// wait their turn, then numbers and links the entries after the head.
/// </summary>
public sealed class DatabaseAuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IAuditLog
{
    private const int MaxBatch = 500;

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Written);

    private readonly object _gate = new();
    private List<Pending> _waiting = [];
    private bool _appending;

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(new AuditEntry
        {
            TimestampUtc = AuditChain.ToMicroseconds(clock.GetUtcNow().UtcDateTime),
            ActorId = record.Actor?.UserId,
            ActorRole = record.Actor?.Role,
            SourceIp = record.Actor?.SourceIp,
            PatientId = record.PatientId,
            Action = record.Action,
            Outcome = record.Outcome,
            TargetId = record.TargetId,
        }, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        bool lead;
        lock (_gate)
        {
            _waiting.Add(pending);
            lead = !_appending;
            _appending = true;
        }
        if (lead)
            await AppendWaitingAsync();
        // What was asked is written even if the caller stops waiting (an aborted request's access still counts).
        await pending.Written.Task.WaitAsync(cancellationToken);
    }

    // Writes one batch, then hands any entries that arrived meanwhile to a new append, so no caller waits for more
    // than the batch before its own.
    private async Task AppendWaitingAsync()
    {
        List<Pending> batch;
        lock (_gate)
        {
            batch = _waiting.Count <= MaxBatch ? _waiting : _waiting[..MaxBatch];
            _waiting = _waiting.Count <= MaxBatch ? [] : _waiting[MaxBatch..];
        }
        try
        {
            await AppendAsync([.. batch.Select(p => p.Entry)]);
            foreach (var p in batch) p.Written.TrySetResult();
        }
        catch (Exception ex)
        {
            foreach (var p in batch) p.Written.TrySetException(ex);
        }
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _appending = false;
                return;
            }
        }
        _ = Task.Run(AppendWaitingAsync);
    }

    private async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var head = await LockHeadAsync(db);
        foreach (var entry in entries)
        {
            entry.Sequence = ++head.Sequence;
            entry.Hash = head.Hash = AuditChain.Link(head.Hash, entry);
        }
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Takes the chain head (waiting for any other writer's append to commit) and returns it, tracked.</summary>
    internal static async Task<AuditChainHead> LockHeadAsync(PortalDbContext db)
    {
        await db.AuditChainHeads.Where(h => h.Id == AuditChainHead.SingleRowId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Version, h => h.Version + 1));
        return await db.AuditChainHeads.SingleAsync(h => h.Id == AuditChainHead.SingleRowId);
    }

    /// <summary>Links entries written before the chain existed (sequence null) into it, oldest first. Run at start.</summary>
    public async Task SealUnchainedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var legacy = await db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(MaxBatch).ToListAsync(cancellationToken);
            if (legacy.Count == 0) return;
            var head = await LockHeadAsync(db);
            foreach (var entry in legacy)
            {
                entry.TimestampUtc = AuditChain.ToMicroseconds(entry.TimestampUtc);
                entry.Sequence = ++head.Sequence;
                entry.Hash = head.Hash = AuditChain.Link(head.Hash, entry);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
