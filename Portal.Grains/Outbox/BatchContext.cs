using Microsoft.EntityFrameworkCore;
using Portal.Grains.Delivery;
using Portal.Data.Outbox;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>What a batch needs to know about its recipients, read in three queries instead of three per row.</summary>
internal sealed class BatchContext
{
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private Dictionary<string, SuppressedAddress> _suppressed = [];
    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<(Guid Recipient, Guid List)> _unsubscribed = [];
    private Dictionary<Guid, Guid> _lists = [];

    public static async Task<BatchContext> LoadAsync(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var context = new BatchContext();
        var accountIds = rows.Where(r => r.RecipientAddress is null).Select(r => r.RecipientId).Distinct().ToList();
        if (accountIds.Count > 0)
            context._accounts = await emails.OfAsync(accountIds, cancellationToken);

        foreach (var address in rows.Select(r => r.RecipientAddress ?? context.AccountAddress(r.RecipientId)).OfType<string>())
            if (!context._tokens.ContainsKey(address)) context._tokens[address] = await emails.LookupTokenAsync(address);
        var tokens = context._tokens.Values.Distinct().ToList();
        if (tokens.Count > 0)
            context._suppressed = await db.SuppressedAddresses.AsNoTracking().Where(s => tokens.Contains(s.Address)).ToDictionaryAsync(s => s.Address, cancellationToken);

        var contentIds = rows.Where(r => r.Kind == OutboxKind.Marketing).Select(r => r.ReferenceId).Distinct().ToList();
        if (contentIds.Count > 0)
        {
            context._lists = await db.MarketingContents.AsNoTracking().Where(c => contentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ListId, cancellationToken);
            var listIds = context._lists.Values.Distinct().ToList();
            var recipients = rows.Where(r => r.Kind == OutboxKind.Marketing).Select(r => r.RecipientId).Distinct().ToList();
            context._unsubscribed = (await db.ListUnsubscriptions.AsNoTracking()
                .Where(u => listIds.Contains(u.ListId) && recipients.Contains(u.RecipientId))
                .Select(u => new { u.RecipientId, u.ListId }).ToListAsync(cancellationToken))
                .Select(u => (u.RecipientId, u.ListId)).ToHashSet();
        }
        return context;
    }

    public string? AccountAddress(Guid accountId) => _accounts.GetValueOrDefault(accountId);

    public SuppressedAddress? Suppression(string address) =>
        _tokens.TryGetValue(address, out var token) ? _suppressed.GetValueOrDefault(token) : null;

    public bool HasUnsubscribed(OutboxMessage row) =>
        _lists.TryGetValue(row.ReferenceId, out var list) && _unsubscribed.Contains((row.RecipientId, list));
}
