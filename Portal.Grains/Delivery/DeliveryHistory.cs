using Microsoft.EntityFrameworkCore;
using Portal.Data.Delivery;
using Portal.Data;
using Portal.Grains.Outbox;

namespace Portal.Grains.Delivery;

/// <summary>One line of a message's delivery history.</summary>
[GenerateSerializer, Immutable]
public sealed record DeliveryHistoryEntry([property: Id(0)] DateTime AtUtc, [property: Id(1)] DeliveryEventKind Kind, [property: Id(2)] string? Detail);

/// <summary>How a secure message went out (the policy's decision and its evidence) and what happened on the way.</summary>
public sealed record MessageDelivery(Portal.Messaging.Policy.DeliveryMethod Method, string PolicyReason, string? Evidence, IReadOnlyList<DeliveryHistoryEntry> Entries);

/// <summary>
/// A message's (or a campaign content's) delivery events, oldest first, with "queued" taken from
/// the outbox rows themselves. Callers check access first: the details hold no PHI, but which
/// messages a patient received is still theirs.
/// </summary>
public sealed class DeliveryHistory(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<DeliveryHistoryEntry>> ForAsync(Guid referenceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var queued = await db.Outbox.AsNoTracking().Where(r => r.ReferenceId == referenceId)
            .Select(r => new DeliveryHistoryEntry(r.CreatedUtc, DeliveryEventKind.Queued, null)).ToListAsync(cancellationToken);
        var events = await db.DeliveryEvents.AsNoTracking().Where(e => e.ReferenceId == referenceId)
            .OrderBy(e => e.Id)
            .Select(e => new DeliveryHistoryEntry(e.AtUtc, e.Kind, e.Detail)).ToListAsync(cancellationToken);
        return [.. queued.Concat(events).OrderBy(e => e.AtUtc).ThenBy(e => e.Kind)];
    }

    /// <summary>Decision, evidence and history of each of <paramref name="messageIds"/> (secure messages of one patient, already access-checked).</summary>
    public async Task<IReadOnlyDictionary<Guid, MessageDelivery>> ForMessagesAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.SecureMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToListAsync(cancellationToken);
        var outcomes = await SentOutcomes.ForAsync(db, messageIds, cancellationToken);
        var result = new Dictionary<Guid, MessageDelivery>();
        foreach (var message in messages)
        {
            var sentAs = SentOutcomes.Of(message, outcomes);
            result[message.Id] = new MessageDelivery(sentAs.Method, sentAs.Reason!, sentAs.Evidence, await ForAsync(message.Id, cancellationToken));
        }
        return result;
    }

    /// <summary>Counts per event kind for a campaign's content (every row of one send).</summary>
    public async Task<IReadOnlyDictionary<DeliveryEventKind, int>> CountsAsync(Guid contentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.DeliveryEvents.AsNoTracking().Where(e => e.ReferenceId == contentId)
            .GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        counts[DeliveryEventKind.Queued] = await db.Outbox.CountAsync(r => r.ReferenceId == contentId, cancellationToken);
        return counts;
    }
}
