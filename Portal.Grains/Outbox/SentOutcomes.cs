using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Messages;

namespace Portal.Grains.Outbox;

/// <summary>
/// How secure messages went out: the outbox row's outcome where sending settled one (a fallback, the
/// certificate or key it was encrypted to), otherwise the patient grain's decision on the message.
/// </summary>
internal static class SentOutcomes
{
    public static async Task<IReadOnlyDictionary<Guid, SentAs>> ForAsync(PortalDbContext db, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        if (messageIds.Count == 0) return new Dictionary<Guid, SentAs>();
        var rows = await db.Outbox.AsNoTracking()
            .Where(r => messageIds.Contains(r.ReferenceId) && r.OutcomeMethod != null)
            .Select(r => new { r.ReferenceId, r.CreatedUtc, Method = r.OutcomeMethod!.Value, r.OutcomeReason, r.OutcomeEvidence })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ReferenceId).ToDictionary(g => g.Key, g =>
        {
            var latest = g.MaxBy(r => r.CreatedUtc)!;
            return new SentAs(latest.Method, latest.OutcomeReason, latest.OutcomeEvidence);
        });
    }

    public static SentAs Of(SecureMessage message, IReadOnlyDictionary<Guid, SentAs> outcomes) =>
        outcomes.TryGetValue(message.Id, out var outcome)
            ? outcome with { Reason = outcome.Reason ?? message.PolicyReason }
            : new SentAs(message.DeliveryMethod, message.PolicyReason, null);
}
