using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Data.Providers.Sqlite;

public sealed class SqliteProviderSql : IProviderSql
{
    public Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    // SQLite has one writer at a time and runs this UPDATE with its subquery under the write lock, so two leases cannot
    // overlap; EF's own translation is enough.
    public Task<int> LeaseOutboxAsync(PortalDbContext db, OutboxPool pool, Guid token, DateTime now, DateTime until, int batchSize, CancellationToken cancellationToken) =>
        db.Outbox
            .Where(r => r.Pool == pool && r.SentUtc == null && r.FailedUtc == null && r.NextAttemptUtc <= now && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < now))
            .OrderBy(r => r.NextAttemptUtc)
            .Take(batchSize)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.LeaseUntilUtc, until)
                .SetProperty(r => r.LeaseToken, token)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);

    // One prepared statement reused per row is about fifty times faster than change tracking. Values are written in
    // EF Core's own SQLite formats (upper-case GUID text, ISO timestamps) so EF reads them back unchanged.
    public async Task InsertOutboxAsync(PortalDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Outbox rows are inserted inside the caller's transaction.");
        command.CommandText = """
            INSERT INTO "Outbox" ("Id", "Kind", "Pool", "RecipientId", "ReferenceId", "CreatedUtc", "NextAttemptUtc", "Attempts", "RecipientAddress")
            VALUES ($id, $kind, $pool, $recipient, $reference, $created, $next, $attempts, $address)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var pool = command.Parameters.Add("$pool", SqliteType.Integer);
        var recipient = command.Parameters.Add("$recipient", SqliteType.Text);
        var reference = command.Parameters.Add("$reference", SqliteType.Text);
        var created = command.Parameters.Add("$created", SqliteType.Text);
        var next = command.Parameters.Add("$next", SqliteType.Text);
        var attempts = command.Parameters.Add("$attempts", SqliteType.Integer);
        var address = command.Parameters.Add("$address", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            id.Value = Text(row.Id);
            kind.Value = (int)row.Kind;
            pool.Value = (int)row.Pool;
            recipient.Value = Text(row.RecipientId);
            reference.Value = Text(row.ReferenceId);
            created.Value = Text(row.CreatedUtc);
            next.Value = Text(row.NextAttemptUtc);
            attempts.Value = row.Attempts;
            address.Value = (object?)row.RecipientAddress ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task InsertDeliveryEventsAsync(PortalDbContext db, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        MultiRowInsert.DeliveryEventsAsync(db, events, cancellationToken);

    private static string Text(Guid value) => value.ToString().ToUpperInvariant();

    private static string Text(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
