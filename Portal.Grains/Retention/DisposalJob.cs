using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Audit;
using Portal.Data.Retention;
using Portal.Grains.Audit;
using Portal.Grains.Forms;
using Portal.Grains.Patients;

namespace Portal.Grains.Retention;

public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How often the disposal job runs (it also runs when an admin asks).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// Disposes of what the retention rules say is due, kind by kind, in batches each committed on its own: a run that
/// dies part way has removed only whole batches, and the next run goes on from there. Nothing of a patient under a
/// legal hold is touched. Each kind that lost records gets a signed <see cref="DisposalCertificate"/> and an audit
/// entry. Audit entries go only from the start of the chain, up to the first entry that is still due to be kept (or
/// concerns a held patient), and only after a signed checkpoint and certificate mark where the chain now begins.
/// </summary>
public sealed partial class DisposalJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IGrainFactory grains,
    RetentionRules rules,
    DisposalCertificates certificates,
    AuditSigningKey key,
    IAuditLog audit,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<DisposalJob> logger) : BackgroundService
{
    private const int Batch = 1000;
    private const int AuditBatch = 50_000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync("Retention disposal", options.Value.Interval, clock, async ct => await RunAsync(AuditActor.System, ct), logger, stoppingToken);

    /// <summary>One run; returns the certificates it wrote (none when nothing was due).</summary>
    public async Task<IReadOnlyList<DisposalCertificate>> RunAsync(AuditActor by, CancellationToken cancellationToken = default)
    {
        var run = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        var written = new List<DisposalCertificate>();
        foreach (var kind in RetentionRules.Kinds)
        {
            var days = await rules.DaysAsync(kind, cancellationToken);
            var cutoff = now.AddDays(-days);
            var basis = by == AuditActor.System ? $"rule: {days} days" : $"rule: {days} days, run by {by.UserId:N}";
            if (kind == RecordKind.AuditEntries)
            {
                written.AddRange(await DisposeAuditEntriesAsync(run, cutoff, basis, cancellationToken));
                continue;
            }
            var count = kind switch
            {
                RecordKind.Sessions => await DisposeSessionsAsync(cutoff, cancellationToken),
                RecordKind.DeliveryEvents => await DisposeDeliveryEventsAsync(cutoff, cancellationToken),
                // PHI a patient's grain owns goes through that grain, one patient at a time.
                RecordKind.Messages => await ThroughPatientsAsync(db => db.SecureMessages.AsNoTracking().Where(m => m.SentUtc < cutoff).Select(m => m.PatientId),
                    id => grains.GetGrain<IPatientGrain>(id).DisposeMessagesAsync(cutoff, AuditActor.System), cancellationToken),
                RecordKind.Attachments => await ThroughPatientsAsync(db => db.MessageAttachments.AsNoTracking().Where(a => a.CreatedUtc < cutoff).Select(a => a.PatientId),
                    id => grains.GetGrain<IPatientGrain>(id).DisposeAttachmentsAsync(cutoff, AuditActor.System), cancellationToken),
                RecordKind.FormSubmissions => await DisposeUnattachedSubmissionsAsync(cutoff, cancellationToken)
                    + await ThroughPatientsAsync(db => db.FormSubmissions.Where(s => s.PatientId != null && s.SubmittedUtc < cutoff).Select(s => s.PatientId!.Value),
                        id => grains.GetGrain<IPatientFormsGrain>(id).DisposeSubmissionsAsync(cutoff, AuditActor.System), cancellationToken),
                _ => 0,
            };
            if (count > 0)
                written.Add(await certificates.KeepAsync(new DisposalCertificate { RunId = run, Kind = kind, Count = count, CutoffUtc = cutoff, Method = "deleted", Basis = basis }, AuditActor.System, cancellationToken));
        }
        LogRun(written.Sum(c => c.Count), written.Count);
        return written;
    }

    private async Task<int> DisposeSessionsAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var held = HeldPatients(db);
            // Ended (revoked) or long idle; a held patient's sessions stay.
            var due = await db.UserSessions.Where(s => (s.RevokedUtc ?? s.LastSeenUtc) < cutoff && !held.Contains(s.UserId))
                .OrderBy(s => s.Id).Select(s => s.Id).Take(Batch).ToListAsync(cancellationToken);
            if (due.Count == 0) return total;
            total += await db.UserSessions.Where(s => due.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Asks each patient with something due (not held) to dispose of it, in order of patient id so that a run that
    /// dies part way resumes where it was; a patient's grain decides what is due, as it owns those rows.
    /// </summary>
    private async Task<int> ThroughPatientsAsync(Func<PortalDbContext, IQueryable<Guid>> patientsWithDue, Func<Guid, Task<int>> dispose, CancellationToken cancellationToken)
    {
        var total = 0;
        var after = Guid.Empty;
        while (true)
        {
            List<Guid> patients;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var held = HeldPatients(db);
                patients = await patientsWithDue(db).Where(id => id.CompareTo(after) > 0 && !held.Contains(id)).Distinct()
                    .OrderBy(id => id).Take(Batch).ToListAsync(cancellationToken);
            }
            if (patients.Count == 0) return total;
            foreach (var patient in patients)
                total += await dispose(patient);
            after = patients[^1];
        }
    }

    /// <summary>Public submissions never attached to a patient: nobody's grain owns them.</summary>
    private async Task<int> DisposeUnattachedSubmissionsAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var due = await db.FormSubmissions.Where(s => s.PatientId == null && s.SubmittedUtc < cutoff)
                .OrderBy(s => s.Id).Select(s => s.Id).Take(Batch).ToListAsync(cancellationToken);
            if (due.Count == 0) return total;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.PublicFormFiles.Where(f => due.Contains(f.SubmissionId)).ExecuteDeleteAsync(cancellationToken);
            await db.FormWebhookDeliveries.Where(w => due.Contains(w.SubmissionId)).ExecuteDeleteAsync(cancellationToken);
            total += await db.FormSubmissions.Where(s => due.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task<int> DisposeDeliveryEventsAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var held = HeldPatients(db);
            var heldMessages = db.SecureMessages.AsNoTracking().Where(m => held.Contains(m.PatientId)).Select(m => m.Id);
            var due = await db.DeliveryEvents.Where(e => e.AtUtc < cutoff && !heldMessages.Contains(e.ReferenceId))
                .OrderBy(e => e.Id).Select(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
            if (due.Count == 0) return total;
            total += await db.DeliveryEvents.Where(e => due.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private async Task<List<DisposalCertificate>> DisposeAuditEntriesAsync(Guid run, DateTime cutoff, string basis, CancellationToken cancellationToken)
    {
        var written = new List<DisposalCertificate>();
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var head = await DatabaseAuditLog.LockHeadAsync(db);
            var held = HeldPatients(db);
            var first = await db.AuditEntries.MinAsync(e => e.Sequence, cancellationToken);
            // The first entry that must stay: still within its time, or about a held patient. The newest entry always stays.
            var keep = await db.AuditEntries.Where(e => e.Sequence != null && (e.TimestampUtc >= cutoff || (e.PatientId != null && held.Contains(e.PatientId.Value))))
                .MinAsync(e => e.Sequence, cancellationToken) ?? head.Sequence;
            var through = Math.Min(Math.Min(keep, head.Sequence) - 1, (first ?? 1) + AuditBatch - 1);
            if (first is null || through < first) return written;

            var last = await db.AuditEntries.SingleAsync(e => e.Sequence == through, cancellationToken);
            var now = AuditChain.ToMicroseconds(clock.GetUtcNow().UtcDateTime);
            if (!await db.AuditCheckpoints.AnyAsync(c => c.Sequence == through, cancellationToken))
                db.AuditCheckpoints.Add(new AuditCheckpoint { Sequence = through, Hash = last.Hash!, CreatedUtc = now, KeyId = key.Id, Signature = key.Sign(through, last.Hash!, now) });
            var certificate = certificates.Sign(new DisposalCertificate
            {
                Id = Guid.CreateVersion7(), RunId = run, Kind = RecordKind.AuditEntries, Count = (int)(through - first.Value + 1), CutoffUtc = cutoff,
                Method = "deleted", Basis = basis, ThroughSequence = through, CreatedUtc = now,
            });
            db.DisposalCertificates.Add(certificate);
            await db.SaveChangesAsync(cancellationToken);
            // One statement with the checkpoint and certificate in one transaction: the chain is always verifiable.
            await db.AuditEntries.Where(e => e.Sequence <= through).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await audit.WriteAsync(new AuditRecord(AuditActions.RecordsDisposed, AuditOutcomes.Success, AuditActor.System, TargetId: certificate.Id.ToString()), cancellationToken);
            written.Add(certificate);
        }
    }

    private static IQueryable<Guid> HeldPatients(PortalDbContext db) => db.LegalHolds.Where(h => h.ReleasedUtc == null).Select(h => h.PatientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention disposal removed {Count} records ({Certificates} certificates)")]
    private partial void LogRun(int count, int certificates);
}
