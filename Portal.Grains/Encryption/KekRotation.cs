using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Identity;
using Portal.Grains.Retention;

namespace Portal.Grains.Encryption;

/// <summary>Where a KEK rotation stands: how many data keys are under the current key, and what else still is not.</summary>
public sealed record KekRotationStatus(string CurrentKeyId, IReadOnlyList<string> PreviousKeyIds, int DataKeys, int DataKeysOnCurrent,
    int OtherOnPrevious, bool Done);

/// <summary>
/// Rotates the key-encryption key without downtime. The operator makes a new KEK current and lists the old one in
/// <c>Encryption:PreviousKeyEncryptionKeys</c>; from then on everything new is wrapped under the new key, everything
/// old still opens, and this job re-wraps in the background, in batches, each row only if it is unchanged since it
/// was read: patients' data keys, public-form submission keys, authenticator secrets, and the audit checkpoints and
/// disposal certificates signed with the key derived from the old KEK (re-signed only if their old signature holds,
/// so a forged one stays detectable). When the status says done, the old key can be removed from the configuration.
/// </summary>
public sealed partial class KekRotation(
    IDbContextFactory<PortalDbContext> dbFactory,
    KeyEncryptionKey kek,
    AuditSigningKey signing,
    DisposalCertificates certificates,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<KekRotation> logger) : BackgroundService
{
    private const int Batch = 500;

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // A minute after start, then every minute while previous keys are configured (an admin can also run it at once).
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (kek.Previous.Count == 0) return;
        await Task.Delay(Interval, clock, stoppingToken);
        await PeriodicPass.RunAsync("Key-encryption key rotation", Interval, clock, async ct => await RunAsync(ct), logger, stoppingToken);
    }

    public async Task<KekRotationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.PatientDataKeys.CountAsync(cancellationToken);
        var current = await db.PatientDataKeys.CountAsync(k => k.KeyEncryptionKeyId == kek.Id, cancellationToken);
        var signedBefore = await db.AuditCheckpoints.CountAsync(c => c.KeyId != signing.Id, cancellationToken)
            + await db.DisposalCertificates.CountAsync(c => c.KeyId != signing.Id, cancellationToken);
        var secrets = 0;
        if (kek.Previous.Count > 0)
            foreach (var token in await AuthenticatorSecrets(db).ToListAsync(cancellationToken))
                if (ProtectedUserStore.ReprotectUnderCurrent(kek, token.UserId, token.Value!) is not null) secrets++;
        var other = signedBefore + secrets;
        return new KekRotationStatus(kek.Id, [.. kek.Previous.Select(k => k.Id)], total, current, other, current == total && other == 0);
    }

    /// <summary>One pass over everything; returns how many items it moved to the current key.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (kek.Previous.Count == 0) return 0;
        var moved = await DataKeysAsync(cancellationToken) + await SubmissionKeysAsync(cancellationToken)
            + await AuthenticatorSecretsAsync(cancellationToken) + await ProtectedKeysAsync(cancellationToken) + await SignaturesAsync(cancellationToken);
        if (moved > 0)
        {
            await audit.WriteAsync(new AuditRecord(AuditActions.KekRewrapped, AuditOutcomes.Success, AuditActor.System, TargetId: $"{kek.Id}:{moved}"), cancellationToken);
            LogMoved(moved, kek.Id);
        }
        return moved;
    }

    private async Task<int> DataKeysAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        var skip = new HashSet<Guid>();
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.PatientDataKeys.AsNoTracking().Where(k => k.KeyEncryptionKeyId != kek.Id && !skip.Contains(k.PatientId))
                .OrderBy(k => k.PatientId).Take(Batch).ToListAsync(cancellationToken);
            if (rows.Count == 0) return moved;
            foreach (var row in rows)
            {
                // A key wrapped by a KEK that is not configured stays as it is (and unreadable): nothing to re-wrap it with.
                if (kek.ForId(row.KeyEncryptionKeyId) is not { } old) { skip.Add(row.PatientId); continue; }
                var wrapped = kek.Wrap(old.Unwrap(row.WrappedKey, row.PatientId), row.PatientId);
                moved += await db.PatientDataKeys.Where(k => k.PatientId == row.PatientId && k.KeyEncryptionKeyId == row.KeyEncryptionKeyId)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.WrappedKey, wrapped).SetProperty(k => k.KeyEncryptionKeyId, kek.Id), cancellationToken);
            }
        }
    }

    // Public-form submissions carry a key of their own wrapped by the KEK (their rows name no KEK, so each is tried).
    private async Task<int> SubmissionKeysAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        var after = Guid.Empty;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.FormSubmissions.AsNoTracking().Where(s => s.WrappedKey != null && s.Id.CompareTo(after) > 0)
                .OrderBy(s => s.Id).Select(s => new { s.Id, s.WrappedKey }).Take(Batch).ToListAsync(cancellationToken);
            if (rows.Count == 0) return moved;
            foreach (var row in rows)
            {
                var (raw, by) = kek.UnwrapAny(row.WrappedKey!, row.Id);
                if (ReferenceEquals(by, kek)) continue;
                var wrapped = kek.Wrap(raw, row.Id);
                moved += await db.FormSubmissions.Where(s => s.Id == row.Id && s.WrappedKey == row.WrappedKey)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.WrappedKey, wrapped), cancellationToken);
            }
            after = rows[^1].Id;
        }
    }

    private async Task<int> AuthenticatorSecretsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var moved = 0;
        foreach (var token in await AuthenticatorSecrets(db).AsNoTracking().ToListAsync(cancellationToken))
        {
            if (ProtectedUserStore.ReprotectUnderCurrent(kek, token.UserId, token.Value!) is not { } reprotected) continue;
            moved += await AuthenticatorSecrets(db).Where(t => t.UserId == token.UserId && t.Value == token.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, reprotected), cancellationToken);
        }
        return moved;
    }

    // Organisation-wide keys (the blind-index key): re-protected, never changed, so no token has to be recomputed.
    private async Task<int> ProtectedKeysAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var moved = 0;
        foreach (var row in await db.ProtectedKeys.AsNoTracking().ToListAsync(cancellationToken))
        {
            var (secret, by) = kek.UnprotectAny(row.Protected, row.Purpose);
            if (ReferenceEquals(by, kek)) continue;
            var reprotected = kek.Protect(secret, row.Purpose);
            moved += await db.ProtectedKeys.Where(k => k.Purpose == row.Purpose && k.Protected == row.Protected)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.Protected, reprotected), cancellationToken);
        }
        return moved;
    }

    private async Task<int> SignaturesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var moved = 0;
        foreach (var checkpoint in await db.AuditCheckpoints.Where(c => c.KeyId != signing.Id).ToListAsync(cancellationToken))
        {
            if (!signing.Verify(checkpoint)) continue;
            (checkpoint.KeyId, checkpoint.Signature) = (signing.Id, signing.Sign(checkpoint.Sequence, checkpoint.Hash, checkpoint.CreatedUtc));
            moved++;
        }
        foreach (var certificate in await db.DisposalCertificates.Where(c => c.KeyId != signing.Id).ToListAsync(cancellationToken))
        {
            if (!certificates.Verify(certificate)) continue;
            certificates.Sign(certificate);
            moved++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return moved;
    }

    private static IQueryable<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>> AuthenticatorSecrets(PortalDbContext db) =>
        db.UserTokens.Where(t => t.LoginProvider == ProtectedUserStore.TokenProvider && t.Name == ProtectedUserStore.TokenName && t.Value != null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-wrapped {Count} items under key-encryption key {KeyId}")]
    private partial void LogMoved(int count, string keyId);
}
