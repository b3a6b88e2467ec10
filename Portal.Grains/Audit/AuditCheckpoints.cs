using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Forms;

namespace Portal.Grains.Audit;

public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>How often the chain's head is signed into a checkpoint (when it moved).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The key that signs checkpoints: ECDSA P-256 derived from the key-encryption key, so it is held wherever the KEK is
/// and never in the database. Its public key (<see cref="PublicKeyPem"/>) can be given to an auditor, who then checks
/// checkpoints without any secret.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private readonly ECDsa _key;

    // During a KEK rotation, the keys derived from the previous KEKs still verify what they signed, until the rotation
    // has re-signed it under the current key.
    private readonly Dictionary<string, ECDsa> _verifiers = [];

    public AuditSigningKey(KeyEncryptionKey kek)
    {
        (_key, Id) = Derive(kek);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        _verifiers[Id] = _key;
        foreach (var previous in kek.Previous)
        {
            var (key, id) = Derive(previous);
            _verifiers.TryAdd(id, key);
        }
    }

    private static (ECDsa Key, string Id) Derive(KeyEncryptionKey kek)
    {
        var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = kek.DeriveKey("audit-checkpoint-signing") });
        return (key, Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16]);
    }

    /// <summary>The current signing key's id (a fingerprint of its public key).</summary>
    public string Id { get; }
    public string PublicKeyPem { get; }

    public byte[] Sign(long sequence, byte[] hash, DateTime createdUtc) => Sign(Payload(sequence, hash, createdUtc));

    public bool Verify(AuditCheckpoint checkpoint) => Verify(checkpoint.KeyId, Payload(checkpoint.Sequence, checkpoint.Hash, checkpoint.CreatedUtc), checkpoint.Signature);

    /// <summary>Signs any canonical text the product keeps as evidence (checkpoints, disposal certificates).</summary>
    public byte[] Sign(byte[] payload) => _key.SignData(payload, HashAlgorithmName.SHA256);

    /// <summary>Checks a signature with the key <paramref name="keyId"/> names, if it is the current or a previous one.</summary>
    public bool Verify(string keyId, byte[] payload, byte[] signature) =>
        _verifiers.TryGetValue(keyId, out var key) && key.VerifyData(payload, signature, HashAlgorithmName.SHA256);

    /// <summary>The signed text: what an outside verifier reconstructs from a checkpoint row.</summary>
    public static byte[] Payload(long sequence, byte[] hash, DateTime createdUtc) =>
        Encoding.ASCII.GetBytes($"portal-audit-checkpoint-v1\n{sequence}\n{Convert.ToHexString(hash)}\n{AuditChain.ToMicroseconds(createdUtc):yyyy-MM-ddTHH:mm:ss.ffffffZ}\n");

    public void Dispose()
    {
        foreach (var key in _verifiers.Values) key.Dispose();
    }
}

/// <summary>Signs the chain's head into a checkpoint, periodically and on demand.</summary>
public sealed partial class AuditCheckpoints(
    IDbContextFactory<PortalDbContext> dbFactory,
    AuditSigningKey key,
    IOptions<AuditOptions> options,
    TimeProvider clock,
    ILogger<AuditCheckpoints> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync("Audit checkpoint", options.Value.CheckpointInterval, clock, async ct => await CheckpointAsync(ct), logger, stoppingToken);

    /// <summary>Signs the current head unless the last checkpoint already covers it; returns the checkpoint's sequence.</summary>
    public async Task<long> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Taking the head as an append does keeps the signed sequence and hash consistent with the entries.
        var head = await DatabaseAuditLog.LockHeadAsync(db);
        var last = await db.AuditCheckpoints.OrderByDescending(c => c.Sequence).Select(c => (long?)c.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (head.Sequence == 0 || last == head.Sequence)
            return last ?? 0;
        var now = AuditChain.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
        db.AuditCheckpoints.Add(new AuditCheckpoint { Sequence = head.Sequence, Hash = head.Hash, CreatedUtc = now, KeyId = key.Id, Signature = key.Sign(head.Sequence, head.Hash, now) });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCheckpoint(head.Sequence);
        return head.Sequence;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint signed at entry {Sequence}")]
    private partial void LogCheckpoint(long sequence);
}
