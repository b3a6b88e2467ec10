using Portal.Data.Delivery;
using Portal.Data.Outbox;

namespace Portal.Data;

/// <summary>
/// The few statements where hand-written SQL earns its place, one implementation per provider (under <c>Providers/</c>).
/// No other code in the product writes provider-specific SQL.
/// </summary>
public interface IProviderSql
{
    /// <summary>Tunes a freshly migrated database (SQLite: write-ahead log, so readers do not wait for the writer).</summary>
    Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="batchSize"/> due, unleased outbox rows of <paramref name="pool"/> to <paramref name="token"/> until
    /// <paramref name="until"/>, counting an attempt on each; two workers leasing at once never get the same row.
    /// Returns how many were leased.</summary>
    Task<int> LeaseOutboxAsync(PortalDbContext db, Outbox.OutboxPool pool, Guid token, DateTime now, DateTime until, int batchSize, CancellationToken cancellationToken);

    /// <summary>Inserts outbox rows in the caller's open transaction, much faster than change tracking for a campaign's
    /// tens of thousands of rows.</summary>
    Task InsertOutboxAsync(PortalDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken);

    /// <summary>Inserts delivery events in the caller's open transaction without reading their generated keys back.</summary>
    Task InsertDeliveryEventsAsync(PortalDbContext db, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken);
}
