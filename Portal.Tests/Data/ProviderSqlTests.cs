using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Data;

/// <summary>
/// The provider's own SQL (<see cref="IProviderSql"/>) on its real database: the suite runs once on SQLite and once on
/// PostgreSQL, so each implementation is checked where it runs. What it writes must read back through the model unchanged.
/// </summary>
public sealed class ProviderSqlTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2031, 5, 6, 7, 8, 9, 123, 456, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private IProviderSql _sql = null!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(Directory.CreateTempSubdirectory("portal-sql-").FullName);
        _sql = DataHostingExtensions.ProviderSql(_database.Provider);
        await using var db = _database.Factory().CreateDbContext();
        await db.Database.MigrateAsync();
        await _sql.PrepareAsync(db, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Bulk_inserted_outbox_rows_read_back_equal_and_only_inside_a_transaction()
    {
        var rows = Enumerable.Range(0, 1_000).Select(i => new OutboxMessage
        {
            Id = Guid.NewGuid(),
            Kind = i % 2 == 0 ? OutboxKind.Marketing : OutboxKind.SecureMessageNotice,
            RecipientId = Guid.NewGuid(),
            ReferenceId = Guid.NewGuid(),
            CreatedUtc = Now.AddMinutes(-i),
            NextAttemptUtc = Now.AddSeconds(i),
            Attempts = i % 3,
            RecipientAddress = i % 5 == 0 ? null : $"patient{i}@example.test",
        }).ToList();

        await using (var db = _database.Factory().CreateDbContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _sql.InsertOutboxAsync(db, rows, CancellationToken.None));
            await using var transaction = await db.Database.BeginTransactionAsync();
            await _sql.InsertOutboxAsync(db, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var read = _database.Factory().CreateDbContext();
        var stored = await read.Outbox.AsNoTracking().ToDictionaryAsync(r => r.Id);
        Assert.Equal(rows.Count, stored.Count);
        foreach (var row in rows)
        {
            var back = stored[row.Id];
            Assert.Equal((row.Kind, row.RecipientId, row.ReferenceId, row.CreatedUtc, row.NextAttemptUtc, row.Attempts, row.RecipientAddress),
                (back.Kind, back.RecipientId, back.ReferenceId, back.CreatedUtc, back.NextAttemptUtc, back.Attempts, back.RecipientAddress));
            Assert.Equal(DateTimeKind.Utc, back.CreatedUtc.Kind);
            Assert.Null(back.LeaseToken);
            Assert.Null(back.SentUtc);
        }
    }

    [Fact]
    public async Task Workers_leasing_at_once_never_share_a_row_and_skip_rows_not_yet_due_or_done()
    {
        var due = Enumerable.Range(0, 400).Select(i => Row(Now.AddSeconds(-i))).ToList();
        var later = Row(Now.AddMinutes(5));
        var sent = Row(Now.AddMinutes(-5));
        sent.SentUtc = Now.AddMinutes(-1);
        var leased = Row(Now.AddMinutes(-5));
        (leased.LeaseToken, leased.LeaseUntilUtc) = (Guid.NewGuid(), Now.AddMinutes(1));
        await using (var db = _database.Factory().CreateDbContext())
        {
            db.Outbox.AddRange([.. due, later, sent, leased]);
            await db.SaveChangesAsync();
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        var counts = await Task.WhenAll(workers.Select(token => Task.Run(async () =>
        {
            var total = 0;
            while (true)
            {
                await using var db = _database.Factory().CreateDbContext();
                var leasedNow = await _sql.LeaseOutboxAsync(db, OutboxPool.Care, token, Now, Now.AddMinutes(2), 25, CancellationToken.None);
                if (leasedNow == 0)
                    return total;
                Assert.InRange(leasedNow, 1, 25);
                total += leasedNow;
            }
        })));

        await using var read = _database.Factory().CreateDbContext();
        var rows = await read.Outbox.AsNoTracking().ToListAsync();
        var byWorker = rows.Where(r => r.LeaseToken is { } t && workers.Contains(t)).ToList();
        Assert.Equal(due.Select(r => r.Id).Order(), byWorker.Select(r => r.Id).Order());
        Assert.All(byWorker, r => Assert.Equal(1, r.Attempts));
        Assert.All(byWorker, r => Assert.Equal(Now.AddMinutes(2), r.LeaseUntilUtc));
        Assert.Equal(due.Count, counts.Sum());
        foreach (var (token, count) in workers.Zip(counts))
            Assert.Equal(count, byWorker.Count(r => r.LeaseToken == token));
        Assert.Equal(leased.LeaseToken, rows.Single(r => r.Id == leased.Id).LeaseToken);
        Assert.All(rows.Where(r => r.Id == later.Id || r.Id == sent.Id), r => Assert.Null(r.LeaseToken));
    }

    [Fact]
    public async Task Delivery_events_across_several_statements_read_back_in_order_and_equal()
    {
        var outboxId = Guid.NewGuid();
        var events = Enumerable.Range(0, 250).Select(i => new DeliveryEvent
        {
            OutboxId = outboxId,
            ReferenceId = Guid.NewGuid(),
            Kind = (DeliveryEventKind)(i % 6),
            AtUtc = Now.AddMilliseconds(i),
            Detail = i % 4 == 0 ? null : $"250 2.0.0 queued as {i}; it's \"quoted\"",
        }).ToList();

        await using (var db = _database.Factory().CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await _sql.InsertDeliveryEventsAsync(db, events, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var read = _database.Factory().CreateDbContext();
        var stored = await read.DeliveryEvents.AsNoTracking().Where(e => e.OutboxId == outboxId).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(events.Select(e => (e.ReferenceId, e.Kind, e.AtUtc, e.Detail)), stored.Select(e => (e.ReferenceId, e.Kind, e.AtUtc, e.Detail)));
        Assert.Equal(stored.Count, stored.Select(e => e.Id).Distinct().Count());
    }

    private static OutboxMessage Row(DateTime nextAttempt) => new()
    {
        Id = Guid.NewGuid(),
        Kind = OutboxKind.Marketing,
        RecipientId = Guid.NewGuid(),
        ReferenceId = Guid.NewGuid(),
        CreatedUtc = Now.AddHours(-1),
        NextAttemptUtc = nextAttempt,
        RecipientAddress = "someone@example.test",
    };
}
