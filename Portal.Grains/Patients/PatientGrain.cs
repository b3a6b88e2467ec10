using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Data;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Messaging.Policy;

namespace Portal.Grains.Patients;

public sealed class PatientGrain(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    PatientAccess access,
    EncryptionPolicy policy,
    IAuditLog audit,
    OutboxSignal outboxSignal,
    TimeProvider clock) : Grain, IPatientGrain
{
    private Guid PatientId => this.GetPrimaryKey();

    public async Task CreateRecordAsync(string fullName, AuditActor actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Patients.AnyAsync(p => p.Id == PatientId))
            return;
        var key = await keyRing.GetOrCreateAsync(PatientId);
        db.Patients.Add(new Patient
        {
            Id = PatientId,
            FullNameCipher = PhiCipher.Encrypt(key, Encoding.UTF8.GetBytes(fullName), FullNameContext(PatientId)),
            CreatedUtc = Now,
        });
        await db.SaveChangesAsync();
    }

    public async Task<PatientSummary?> GetSummaryAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.PatientView);
        await using var db = await dbFactory.CreateDbContextAsync();
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == PatientId);
        if (patient is null)
        {
            await AuditAsync(AuditActions.PatientView, AuditOutcomes.NotFound, actor);
            return null;
        }
        var email = await db.Users.Where(u => u.Id == PatientId).Select(u => u.Email).SingleOrDefaultAsync();
        var key = await keyRing.GetOrCreateAsync(PatientId);
        var summary = new PatientSummary(PatientId, Encoding.UTF8.GetString(PhiCipher.Decrypt(key, patient.FullNameCipher, FullNameContext(PatientId))), email);
        await AuditAsync(AuditActions.PatientView, AuditOutcomes.Success, actor);
        return summary;
    }

    public async Task<Guid> SendSecureMessageAsync(NewSecureMessage message, AuditActor actor)
    {
        if (SecureMessageLimits.Check(message.Subject, message.Body) is { } problem)
        {
            await AuditAsync(AuditActions.MessageSend, AuditOutcomes.Failure, actor);
            throw new ArgumentException(problem, nameof(message));
        }

        await DemandAccessAsync(actor, AuditActions.MessageSend);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Patients.AnyAsync(p => p.Id == PatientId))
        {
            await AuditAsync(AuditActions.MessageSend, AuditOutcomes.NotFound, actor);
            throw new KeyNotFoundException("No such patient.");
        }

        var key = await keyRing.GetOrCreateAsync(PatientId);
        var id = Guid.CreateVersion7();
        var now = Now;
        // No certificate, key or verified-TLS knowledge is on file yet, so the policy can only choose portal pickup;
        // the decision is still made and recorded for every message.
        var decision = policy.Decide(message.Sensitivity, RecipientCapabilities.None, message.Subject, message.Body);
        db.SecureMessages.Add(new SecureMessage
        {
            Id = id,
            PatientId = PatientId,
            SenderId = actor.UserId,
            SubjectCipher = PhiCipher.Encrypt(key, Encoding.UTF8.GetBytes(message.Subject), Context("message", id, "subject")),
            BodyCipher = PhiCipher.Encrypt(key, Encoding.UTF8.GetBytes(message.Body), Context("message", id, "body")),
            SentUtc = now,
            Sensitivity = decision.Sensitivity,
            DeliveryMethod = decision.Method,
            PolicyReason = decision.Reason,
        });
        // The notice is queued in the same transaction: a message is never stored without its notice.
        db.Outbox.Add(OutboxWriter.NewRow(OutboxKind.SecureMessageNotice, PatientId, id, now));
        await db.SaveChangesAsync();
        outboxSignal.Notify();

        await AuditAsync(AuditActions.MessageSend, AuditOutcomes.Success, actor, id);
        return id;
    }

    public async Task<IReadOnlyList<InboxItem>> GetInboxAsync(AuditActor actor)
    {
        await DemandAccessAsync(actor, actor.Role == PortalRoles.Patient ? AuditActions.InboxView : AuditActions.PatientMessagesView);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.SecureMessages.AsNoTracking()
            .Where(m => m.PatientId == PatientId)
            .OrderByDescending(m => m.SentUtc)
            .Select(m => new { m.Id, m.SubjectCipher, m.SentUtc, m.ReadUtc, m.DeliveryMethod, m.PolicyReason, Sender = db.Users.Where(u => u.Id == m.SenderId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync();

        var key = rows.Count == 0 ? null : await keyRing.GetOrCreateAsync(PatientId);
        var items = rows
            .Select(r => new InboxItem(r.Id, Decrypt(key!, r.SubjectCipher, "message", r.Id, "subject"), r.Sender ?? "Care team", r.SentUtc, r.ReadUtc, r.DeliveryMethod, r.PolicyReason))
            .ToList();
        await AuditAsync(actor.Role == PortalRoles.Patient ? AuditActions.InboxView : AuditActions.PatientMessagesView, AuditOutcomes.Success, actor);
        return items;
    }

    public async Task<SecureMessageView?> OpenMessageAsync(Guid messageId, AuditActor actor)
    {
        var isPatient = actor.Role == PortalRoles.Patient && actor.UserId == PatientId;
        var action = isPatient ? AuditActions.MessageRead : AuditActions.MessageView;
        await DemandAccessAsync(actor, action, messageId);

        await using var db = await dbFactory.CreateDbContextAsync();
        // Filtering by this grain's patient makes another patient's message indistinguishable from a missing one.
        var message = await db.SecureMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.PatientId == PatientId);
        if (message is null)
        {
            await AuditAsync(action, AuditOutcomes.NotFound, actor, messageId);
            return null;
        }

        if (isPatient && message.ReadUtc is null)
        {
            message.ReadUtc = Now;
            await db.SaveChangesAsync();
        }

        var key = await keyRing.GetOrCreateAsync(PatientId);
        var sender = await db.Users.Where(u => u.Id == message.SenderId).Select(u => u.DisplayName).SingleOrDefaultAsync() ?? "Care team";
        var view = new SecureMessageView(
            message.Id,
            Decrypt(key, message.SubjectCipher, "message", message.Id, "subject"),
            Decrypt(key, message.BodyCipher, "message", message.Id, "body"),
            sender,
            message.SentUtc,
            message.ReadUtc);
        await AuditAsync(action, AuditOutcomes.Success, actor, messageId);
        return view;
    }

    /// <summary>Every read or write of this record passes here: the patient, the care team, or a break-glass grant.</summary>
    private async Task DemandAccessAsync(AuditActor actor, string action, Guid? target = null)
    {
        if (await access.MayOpenAsync(actor, PatientId))
            return;
        await AuditAsync(action, AuditOutcomes.Denied, actor, target);
        throw new UnauthorizedAccessException("Not on this patient's care team.");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task AuditAsync(string action, string outcome, AuditActor actor, Guid? target = null) =>
        audit.WriteAsync(new AuditRecord(action, outcome, actor, PatientId, target?.ToString()));

    // Associated data: the ciphertext only opens in the row and column it was written for.
    internal static byte[] FullNameContext(Guid patientId) => Context("patient", patientId, "full-name");

    private static byte[] Context(string table, Guid rowId, string column) => Encoding.ASCII.GetBytes($"{table}:{rowId:N}:{column}");

    private static string Decrypt(byte[] key, byte[] cipher, string table, Guid rowId, string column) =>
        Encoding.UTF8.GetString(PhiCipher.Decrypt(key, cipher, Context(table, rowId, column)));
}
