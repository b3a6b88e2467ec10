using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Data.Providers.PostgreSql;

public sealed class PostgreSqlProviderSql : IProviderSql
{
    public Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    // EF would write UPDATE ... FROM (SELECT ... LIMIT n): under READ COMMITTED a second worker blocked on a row re-checks
    // only the join, not the subquery, and leases the row again. SKIP LOCKED lets each worker take rows no one else holds.
    public Task<int> LeaseOutboxAsync(PortalDbContext db, OutboxPool pool, Guid token, DateTime now, DateTime until, int batchSize, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE "Outbox" SET "LeaseUntilUtc" = {0}, "LeaseToken" = {1}, "Attempts" = "Attempts" + 1
            WHERE "Id" IN (
                SELECT "Id" FROM "Outbox"
                WHERE "Pool" = {4} AND "SentUtc" IS NULL AND "FailedUtc" IS NULL AND "NextAttemptUtc" <= {2} AND ("LeaseUntilUtc" IS NULL OR "LeaseUntilUtc" < {2})
                ORDER BY "NextAttemptUtc"
                LIMIT {3}
                FOR UPDATE SKIP LOCKED)
            """, [Utc(until), token, Utc(now), batchSize, (short)pool], cancellationToken);

    // Binary COPY: the fastest way into PostgreSQL, and inside the caller's transaction like any statement.
    public async Task InsertOutboxAsync(PortalDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Outbox rows are inserted inside the caller's transaction.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync("""
            COPY "Outbox" ("Id", "Kind", "Pool", "RecipientId", "ReferenceId", "CreatedUtc", "NextAttemptUtc", "Attempts", "RecipientAddress") FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync((int)row.Kind, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync((short)row.Pool, NpgsqlDbType.Smallint, cancellationToken);
            await import.WriteAsync(row.RecipientId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(row.ReferenceId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(Utc(row.CreatedUtc), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(Utc(row.NextAttemptUtc), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(row.Attempts, NpgsqlDbType.Integer, cancellationToken);
            if (row.RecipientAddress is null)
                await import.WriteNullAsync(cancellationToken);
            else
                await import.WriteAsync(row.RecipientAddress, NpgsqlDbType.Varchar, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    public Task InsertDeliveryEventsAsync(PortalDbContext db, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        MultiRowInsert.DeliveryEventsAsync(db, events, cancellationToken);

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
