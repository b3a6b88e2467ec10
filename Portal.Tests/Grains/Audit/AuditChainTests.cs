using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Audit;

/// <summary>
/// The audit chain on the run's database: concurrent writers (two "processes") make one unbroken chain, and every way
/// of tampering with rows directly in the database (delete, edit, reorder, truncate, rewrite, insert, forge a
/// checkpoint) is reported at the first entry where the chain breaks.
/// </summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-audit-").FullName;
    private readonly KeyEncryptionKey _kek = new(RandomNumberGenerator.GetBytes(32));
    private TestDatabase _database = null!;
    private AuditSigningKey _key = null!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(_directory);
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        _key = new AuditSigningKey(_kek);
    }

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _database.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private IDbContextFactory<PortalDbContext> Factory => _database.Factory();
    private DatabaseAuditLog NewLog() => new(Factory, TimeProvider.System);
    private AuditVerifier Verifier => new(Factory, _key);
    private AuditCheckpoints Checkpoints => new(Factory, _key, Options.Create(new AuditOptions()), TimeProvider.System, NullLogger<AuditCheckpoints>.Instance);

    private static AuditRecord Record(int i) =>
        new(AuditActions.PatientView, AuditOutcomes.Success, new AuditActor(Guid.NewGuid(), "Staff", "10.0.0.1"), Guid.NewGuid(), $"target-{i}");

    private async Task WriteAsync(int count)
    {
        var log = NewLog();
        for (var i = 0; i < count; i++) await log.WriteAsync(Record(i));
    }

    private async Task ChangeAsync(Func<PortalDbContext, Task> change)
    {
        await using var db = await Factory.CreateDbContextAsync();
        await change(db);
    }

    [Fact]
    public async Task Concurrent_writers_in_two_processes_form_one_unbroken_chain()
    {
        var (first, second) = (NewLog(), NewLog());
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).WriteAsync(Record(i)))));
        await Checkpoints.CheckpointAsync();

        var result = await Verifier.VerifyAsync();
        Assert.True(result.Intact, result.Summary);
        Assert.Equal(300, result.EntriesChecked);
        Assert.Equal(1, result.CheckpointsChecked);
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long?)i), await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_where_it_was()
    {
        await WriteAsync(20);
        await ChangeAsync(db => db.AuditEntries.Where(e => e.Sequence == 7).ExecuteDeleteAsync());
        var result = await Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(7, result.BrokenAt);
        Assert.Contains("Entry 7 is missing", result.Summary);
    }

    [Fact]
    public async Task An_edited_entry_is_reported()
    {
        await WriteAsync(20);
        await ChangeAsync(db => db.AuditEntries.Where(e => e.Sequence == 12).ExecuteUpdateAsync(s => s.SetProperty(e => e.Outcome, AuditOutcomes.Denied)));
        var result = await Verifier.VerifyAsync();
        Assert.Equal((false, 12L), (result.Intact, result.BrokenAt));
        Assert.Contains("does not follow", result.Summary);
    }

    [Fact]
    public async Task Reordered_entries_are_reported_at_the_first_moved()
    {
        await WriteAsync(20);
        // Swap the places of entries 5 and 6 (through a free number, as the sequence is unique).
        await ChangeAsync(async db =>
        {
            await db.AuditEntries.Where(e => e.Sequence == 5).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, -5));
            await db.AuditEntries.Where(e => e.Sequence == 6).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, 5));
            await db.AuditEntries.Where(e => e.Sequence == -5).ExecuteUpdateAsync(s => s.SetProperty(e => e.Sequence, 6));
        });
        var result = await Verifier.VerifyAsync();
        Assert.Equal((false, 5L), (result.Intact, result.BrokenAt));
    }

    [Fact]
    public async Task Entries_removed_at_the_end_are_reported_even_when_the_head_is_moved_back()
    {
        await WriteAsync(10);
        await Checkpoints.CheckpointAsync();
        // A careful attacker removes the last two entries and points the head at entry 8.
        await ChangeAsync(async db =>
        {
            var eighth = await db.AuditEntries.SingleAsync(e => e.Sequence == 8);
            await db.AuditEntries.Where(e => e.Sequence > 8).ExecuteDeleteAsync();
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, 8).SetProperty(h => h.Hash, eighth.Hash));
        });
        var result = await Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Contains("a signed checkpoint covers entries up to 10", result.Summary);
    }

    [Fact]
    public async Task Entries_removed_at_the_end_after_the_last_checkpoint_are_reported_by_the_head()
    {
        await WriteAsync(10);
        await ChangeAsync(db => db.AuditEntries.Where(e => e.Sequence > 8).ExecuteDeleteAsync());
        var result = await Verifier.VerifyAsync();
        Assert.Equal((false, 9L), (result.Intact, result.BrokenAt));
        Assert.Contains("its head says 10", result.Summary);
    }

    [Fact]
    public async Task A_chain_rewritten_from_an_entry_on_does_not_match_its_signed_checkpoint_and_a_forged_checkpoint_does_not_verify()
    {
        await WriteAsync(10);
        await Checkpoints.CheckpointAsync();
        // The attacker knows the (public) algorithm: edits entry 3 and recomputes every hash after it, and the head.
        await ChangeAsync(async db =>
        {
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
            entries[2].TargetId = "someone-else";
            var hash = AuditChain.Genesis;
            foreach (var entry in entries) entry.Hash = hash = AuditChain.Link(hash, entry);
            var head = await db.AuditChainHeads.SingleAsync();
            head.Hash = hash;
            await db.SaveChangesAsync();
        });
        var rewritten = await Verifier.VerifyAsync();
        Assert.Equal((false, 10L), (rewritten.Intact, rewritten.BrokenAt));
        Assert.Contains("not the one the checkpoint", rewritten.Summary);

        // Making the checkpoint say the new hash breaks its signature instead.
        var forgedHash = await ReadHeadHashAsync();
        await ChangeAsync(db => db.AuditCheckpoints.ExecuteUpdateAsync(s => s.SetProperty(c => c.Hash, forgedHash)));
        var forged = await Verifier.VerifyAsync();
        Assert.False(forged.Intact);
        Assert.Contains("invalid signature", forged.Summary);

        // And a checkpoint signed with another installation's key is not this one's.
        using var other = new AuditSigningKey(new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32)));
        var now = DateTime.UtcNow;
        await ChangeAsync(db => db.AuditCheckpoints.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.KeyId, _key.Id).SetProperty(c => c.CreatedUtc, AuditChain.ToMicroseconds(now))
            .SetProperty(c => c.Signature, other.Sign(10, forgedHash, now))));
        Assert.Contains("invalid signature", (await Verifier.VerifyAsync()).Summary);
    }

    private async Task<byte[]> ReadHeadHashAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        return (await db.AuditChainHeads.SingleAsync()).Hash;
    }

    [Fact]
    public async Task A_row_inserted_outside_the_product_is_reported()
    {
        await WriteAsync(5);
        await ChangeAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry { TimestampUtc = DateTime.UtcNow, Action = AuditActions.SignIn, Outcome = AuditOutcomes.Success });
            await db.SaveChangesAsync();
        });
        var result = await Verifier.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Contains("outside the chain", result.Summary);
    }

    [Fact]
    public async Task Entries_of_an_earlier_release_are_sealed_into_the_chain_oldest_first()
    {
        await ChangeAsync(async db =>
        {
            for (var i = 0; i < 30; i++)
                db.AuditEntries.Add(new AuditEntry { TimestampUtc = DateTime.UtcNow.AddMinutes(-60 + i), Action = AuditActions.InboxView, Outcome = AuditOutcomes.Success, TargetId = $"old-{i}" });
            await db.SaveChangesAsync();
        });
        await NewLog().SealUnchainedAsync();
        await WriteAsync(3);

        var result = await Verifier.VerifyAsync();
        Assert.True(result.Intact, result.Summary);
        Assert.Equal(33, result.EntriesChecked);
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal("old-0", (await db.AuditEntries.SingleAsync(e => e.Sequence == 1)).TargetId);
    }
}
