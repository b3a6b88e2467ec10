using Microsoft.EntityFrameworkCore;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Data.Providers.SqlServer;

public sealed class SqlServerProviderSql : IProviderSql
{
    public Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    // The queue idiom for SQL Server: UPDLOCK holds what this worker takes, READPAST skips what another holds.
    public Task<int> LeaseOutboxAsync(PortalDbContext db, OutboxPool pool, Guid token, DateTime now, DateTime until, int batchSize, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("""
            WITH batch AS (
                SELECT TOP ({3}) * FROM [Outbox] WITH (ROWLOCK, UPDLOCK, READPAST)
                WHERE [Pool] = {4} AND [SentUtc] IS NULL AND [FailedUtc] IS NULL AND [NextAttemptUtc] <= {2} AND ([LeaseUntilUtc] IS NULL OR [LeaseUntilUtc] < {2})
                ORDER BY [NextAttemptUtc])
            UPDATE batch SET [LeaseUntilUtc] = {0}, [LeaseToken] = {1}, [Attempts] = [Attempts] + 1
            """, [until, token, now, batchSize, (byte)pool], cancellationToken);

    // EF batches inserts on SQL Server into few round trips; with no server here to measure a bulk copy against, the
    // plain path is kept.
    public async Task InsertOutboxAsync(PortalDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        db.Outbox.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public Task InsertDeliveryEventsAsync(PortalDbContext db, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        MultiRowInsert.DeliveryEventsAsync(db, events, cancellationToken);
}
