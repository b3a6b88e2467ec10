using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Delivery;
using Portal.Data.Identity;
using Portal.Grains.Identity;
using Portal.Data.Messages;
using Portal.Data.Patients;
using Portal.Data.Retention;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Retention;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Retention;

/// <summary>The disposal job on the run's database, as it would run years from now: what is due goes, in whole
/// batches, with a signed certificate per kind; a held patient's records stay; the audit trail still verifies
/// afterwards, and deleting its new first entry is still caught.</summary>
public sealed class DisposalJobTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-retention-").FullName;
    private readonly AuditSigningKey _key = new(new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32)));
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(_directory);
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _database.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private IDbContextFactory<PortalDbContext> Factory => _database.Factory();

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    private DisposalJob Job(TimeProvider clock)
    {
        var audit = new DatabaseAuditLog(Factory, clock);
        return new DisposalJob(Factory, NoGrains.Create(), new RetentionRules(Factory, audit, clock), new DisposalCertificates(Factory, _key, audit, clock), _key, audit,
            Options.Create(new RetentionOptions()), clock, NullLogger<DisposalJob>.Instance);
    }

    /// <summary>These records have no patient grain to go through: a call to one fails the test.</summary>
    private class NoGrains : System.Reflection.DispatchProxy
    {
        public static IGrainFactory Create() => Create<IGrainFactory, NoGrains>();

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"No grain is expected here ({targetMethod?.Name}).");
    }

    private async Task<Guid> AccountAsync(bool patient)
    {
        var id = Guid.NewGuid();
        await using var db = await Factory.CreateDbContextAsync();
        db.Users.Add(new PortalUser { Id = id, UserName = AccountEmails.UserNameOf(id) }); // no address: disposal never reads one
        if (patient) db.Patients.Add(new Patient { Id = id, FullNameCipher = [1], CreatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Due_sessions_and_delivery_events_go_with_a_signed_certificate_and_a_held_patients_stay()
    {
        var (free, held) = (await AccountAsync(patient: true), await AccountAsync(patient: true));
        var heldMessage = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using (var db = await Factory.CreateDbContextAsync())
        {
            db.SecureMessages.Add(new SecureMessage { Id = heldMessage, PatientId = held, SenderId = held, ThreadId = heldMessage, SentUtc = now });
            foreach (var user in new[] { free, held })
                for (var i = 0; i < 3; i++)
                    db.UserSessions.Add(new UserSession { Id = Guid.NewGuid(), UserId = user, CreatedUtc = now, LastSeenUtc = now, RevokedUtc = now });
            for (var i = 0; i < 5; i++)
                db.DeliveryEvents.Add(new DeliveryEvent { OutboxId = Guid.NewGuid(), ReferenceId = Guid.NewGuid(), Kind = DeliveryEventKind.Sent, AtUtc = now });
            db.DeliveryEvents.Add(new DeliveryEvent { OutboxId = Guid.NewGuid(), ReferenceId = heldMessage, Kind = DeliveryEventKind.Sent, AtUtc = now });
            await db.SaveChangesAsync();
        }
        var holds = new LegalHolds(Factory, new DatabaseAuditLog(Factory, TimeProvider.System), TimeProvider.System);
        Assert.Null(await holds.PlaceAsync(held, "Matter 2026-114", AuditActor.System));
        Assert.NotNull(await holds.PlaceAsync(Guid.NewGuid(), "Matter", AuditActor.System));

        // Within their time (90 days for sessions, six years for delivery events) nothing goes.
        Assert.Empty(await Job(new Later(TimeSpan.FromDays(30))).RunAsync(AuditActor.System));

        var certificates = await Job(new Later(TimeSpan.FromDays(7 * 365))).RunAsync(AuditActor.System);
        Assert.Equal(3, certificates.Single(c => c.Kind == RecordKind.Sessions).Count);
        Assert.Equal(5, certificates.Single(c => c.Kind == RecordKind.DeliveryEvents).Count);
        var signed = new DisposalCertificates(Factory, _key, new DatabaseAuditLog(Factory, TimeProvider.System), TimeProvider.System);
        Assert.All(certificates, c => Assert.True(signed.Verify(c)));
        await using (var db = await Factory.CreateDbContextAsync())
        {
            Assert.Equal(3, await db.UserSessions.CountAsync(s => s.UserId == held));
            Assert.Equal(0, await db.UserSessions.CountAsync(s => s.UserId == free));
            Assert.Equal(heldMessage, (await db.DeliveryEvents.SingleAsync()).ReferenceId);
            Assert.Equal(certificates.Count, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RecordsDisposed));

            // An edited certificate no longer verifies.
            var stored = await db.DisposalCertificates.FirstAsync(c => c.Kind == RecordKind.Sessions);
            stored.Count = 1;
            Assert.False(signed.Verify(stored));
        }
        // No session or delivery event is due any more: a second run removes none.
        Assert.DoesNotContain(await Job(new Later(TimeSpan.FromDays(7 * 365))).RunAsync(AuditActor.System), c => c.Kind is RecordKind.Sessions or RecordKind.DeliveryEvents);
    }

    [Fact]
    public async Task Old_audit_entries_go_from_the_start_of_the_chain_up_to_a_held_patients_and_the_trail_still_verifies()
    {
        var held = await AccountAsync(patient: true);
        var log = new DatabaseAuditLog(Factory, TimeProvider.System);
        for (var i = 0; i < 20; i++)
            await log.WriteAsync(new AuditRecord(AuditActions.PatientView, AuditOutcomes.Success, AuditActor.System, i == 14 ? held : Guid.NewGuid(), $"t{i}"));
        await new LegalHolds(Factory, log, TimeProvider.System).PlaceAsync(held, "Matter 7", AuditActor.System); // entry 21

        var certificates = await Job(new Later(TimeSpan.FromDays(7 * 365))).RunAsync(AuditActor.System);
        var audit = certificates.Single(c => c.Kind == RecordKind.AuditEntries);
        Assert.Equal((14, 14L), (audit.Count, audit.ThroughSequence!.Value));
        var verifier = new AuditVerifier(Factory, _key);
        var result = await verifier.VerifyAsync();
        Assert.True(result.Intact, result.Summary);

        // Deleting what is now the first entry is not a disposal: no certificate says so.
        await using (var db = await Factory.CreateDbContextAsync())
            await db.AuditEntries.Where(e => e.Sequence == 15).ExecuteDeleteAsync();
        var broken = await verifier.VerifyAsync();
        Assert.False(broken.Intact);
        Assert.Contains("Entries 1 to 15 are missing", broken.Summary);
    }
}
