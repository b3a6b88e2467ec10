using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audit;

namespace Portal.Grains.Audit;

/// <summary>What checking the audit chain found: intact, or the first entry where it breaks and why.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, int CheckpointsChecked, long? BrokenAt, string Summary);

/// <summary>
/// Walks the whole audit chain in sequence order and reports the first break: a missing entry (a gap in the
/// numbering), an entry whose content or place changed (its hash does not follow), rows outside the chain, a chain
/// shorter than its head or its last checkpoint says (entries removed at the end), or a checkpoint whose signature
/// does not verify or whose hash is not the chain's at that point.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<PortalDbContext> dbFactory, AuditSigningKey key)
{
    private const int PageSize = 5000;

    public async Task<AuditVerification> VerifyAsync(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Checkpoints, then the head, then the entries up to it: a checkpoint read first can never be ahead of an honest
        // head, and entries appended while the check runs come after the head and are left for the next check.
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingleRowId, cancellationToken);
        var end = head.Sequence;
        var outside = await db.AuditEntries.CountAsync(e => e.Sequence == null, cancellationToken);

        foreach (var checkpoint in checkpoints)
            if (!key.Verify(checkpoint))
                return Broken(checkpoint.Sequence, 0, 0, $"The checkpoint at entry {checkpoint.Sequence} (signed {checkpoint.CreatedUtc:yyyy-MM-dd HH:mm} UTC) has an invalid signature: it was altered or not made by this installation.");

        var expected = 1L;
        var hash = AuditChain.Genesis;
        var nextCheckpoint = 0;
        // Entries disposed of by a retention rule leave a signed certificate naming the last one removed and a signed
        // checkpoint at it: the chain then starts from that checkpoint's hash.
        var first = await db.AuditEntries.Where(e => e.Sequence != null).MinAsync(e => e.Sequence, cancellationToken) ?? 1;
        if (first > 1)
        {
            var anchor = checkpoints.LastOrDefault(c => c.Sequence == first - 1);
            var disposals = await db.DisposalCertificates.AsNoTracking().Where(c => c.ThroughSequence == first - 1).ToListAsync(cancellationToken);
            if (anchor is null || !disposals.Any(c => key.Verify(c.KeyId, Retention.DisposalCertificates.Payload(c), c.Signature)))
                return Broken(1, 0, 0, $"Entries 1 to {first - 1} are missing, and no signed disposal certificate says they were disposed of: they were deleted.");
            (expected, hash) = (first, anchor.Hash);
            nextCheckpoint = checkpoints.FindIndex(c => c.Sequence >= first);
            if (nextCheckpoint < 0) nextCheckpoint = checkpoints.Count;
        }
        while (true)
        {
            var from = expected;
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= from && e.Sequence <= end).OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0) break;
            foreach (var entry in page)
            {
                if (entry.Sequence != expected)
                    return Broken(expected, expected - 1, nextCheckpoint, $"Entry {expected} is missing: the chain goes from {expected - 1} to {entry.Sequence}. Entries were deleted.");
                hash = AuditChain.Link(hash, entry);
                if (entry.Hash is null || !hash.AsSpan().SequenceEqual(entry.Hash))
                    return Broken(expected, expected - 1, nextCheckpoint, $"Entry {expected} (recorded {entry.TimestampUtc:yyyy-MM-dd HH:mm:ss} UTC, {entry.Action}) does not follow from the entries before it: it, or its place in the chain, was changed.");
                for (; nextCheckpoint < checkpoints.Count && checkpoints[nextCheckpoint].Sequence == expected; nextCheckpoint++)
                    if (!hash.AsSpan().SequenceEqual(checkpoints[nextCheckpoint].Hash))
                        return Broken(expected, expected, nextCheckpoint, $"The chain up to entry {expected} is not the one the checkpoint of {checkpoints[nextCheckpoint].CreatedUtc:yyyy-MM-dd HH:mm} UTC signed: entries up to it were rewritten.");
                expected++;
            }
            progress?.Report(expected - 1);
        }

        var last = expected - 1;
        if (nextCheckpoint < checkpoints.Count)
            return Broken(last + 1, last, nextCheckpoint, $"The chain ends at entry {last}, but a signed checkpoint covers entries up to {checkpoints[^1].Sequence}: the last entries were deleted.");
        if (head.Sequence != last || !head.Hash.AsSpan().SequenceEqual(hash))
            return Broken(Math.Min(head.Sequence, last) + 1, last, nextCheckpoint, $"The chain ends at entry {last}, but its head says {head.Sequence}: entries at the end were deleted or added outside the product.");
        if (outside > 0)
            return Broken(null, last, nextCheckpoint, $"{outside} entries are outside the chain (no sequence number): they were inserted directly into the database.");
        return new AuditVerification(true, last, checkpoints.Count, null,
            $"All {last} entries follow one from another{checkpoints.Count switch
            {
                0 => "",
                1 => $", and the signed checkpoint matches (at entry {checkpoints[^1].Sequence})",
                var n => $", and {n} signed checkpoints match (the last at entry {checkpoints[^1].Sequence})",
            }}.");
    }

    private static AuditVerification Broken(long? at, long checkedEntries, int checkpoints, string summary) => new(false, checkedEntries, checkpoints, at, summary);
}
