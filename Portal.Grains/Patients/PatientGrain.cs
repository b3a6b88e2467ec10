using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Delivery;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Grains.Retention;
using Portal.Messaging.Content;
using Portal.Messaging.Policy;
using Portal.Data.Patients;
using Portal.Data.Messages;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Grains.Patients;

public sealed class PatientGrain(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    PatientAccess access,
    EncryptionPolicy policy,
    RecipientKeys recipientKeys,
    AttachmentRules attachmentRules,
    IAuditLog audit,
    OutboxSignal outboxSignal,
    DomainTlsKnowledge domainTls,
    LegalHolds legalHolds,
    DisposalCertificates disposals,
    Audience.PatientLookupTokens lookupTokens,
    Identity.AccountEmails emails,
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
            FullNameCipher = key.Seal(PhiFields.PatientFullName, PatientId, fullName),
            CreatedUtc = Now,
        });
        // Every record has a profile row, the root of segment queries (an empty cipher: nothing known yet).
        db.PatientProfiles.Add(new Portal.Data.Audience.PatientProfile { PatientId = PatientId, UpdatedUtc = Now });
        // The name is encrypted, so staff find the patient by the tokens of its words (and of the email).
        var email = await emails.OfAsync(db, PatientId);
        await Audience.PatientLookupTokens.ReplaceAsync(db, PatientId, Audience.PatientLookupTokens.IdentityKinds, await lookupTokens.IdentityAsync(fullName, email));
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
        var email = await emails.OfAsync(db, PatientId);
        var key = await keyRing.FindAsync(PatientId);
        var name = key is null ? ErasedName : key.OpenText(PhiFields.PatientFullName, PatientId, patient.FullNameCipher);
        var summary = new PatientSummary(PatientId, name, email);
        await AuditAsync(AuditActions.PatientView, AuditOutcomes.Success, actor);
        return summary;
    }

    public async Task<Guid> SendSecureMessageAsync(NewSecureMessage message, AuditActor actor)
    {
        // Formatting is reduced to the allowed subset before anything is checked, scanned or encrypted.
        var body = message.Format == BodyFormat.Html ? MessageHtml.Sanitize(message.Body ?? "") : message.Body;
        var text = message.Format == BodyFormat.Html ? MessageHtml.ToPlainText(body) : body;
        var (files, fileProblem) = attachmentRules.Check(message.Attachments);
        var problem = (Enum.IsDefined(message.Format) ? null : "Unknown message format.")
            ?? SecureMessageLimits.Check(message.Subject, body)
            ?? SecureMessageLimits.Check(message.Subject, text)
            ?? (message.ExpiresUtc is { } expires && expires <= Now ? "The expiry must be in the future." : null)
            ?? fileProblem;
        if (problem is not null)
        {
            await AuditAsync(AuditActions.MessageSend, AuditOutcomes.Failure, actor);
            throw new ArgumentException(problem);
        }

        await DemandAccessAsync(actor, AuditActions.MessageSend);
        if (actor.Role == PortalRoles.Patient)
            throw new UnauthorizedAccessException("Patients answer in threads; they do not send staff messages.");
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Patients.AnyAsync(p => p.Id == PatientId))
        {
            await AuditAsync(AuditActions.MessageSend, AuditOutcomes.NotFound, actor);
            throw new KeyNotFoundException("No such patient.");
        }
        var id = Guid.CreateVersion7();
        var threadId = message.ThreadId ?? id;
        var declared = message.Sensitivity;
        if (message.ThreadId is { } existing)
        {
            var opener = await db.SecureMessages.AsNoTracking().Where(m => m.Id == existing && m.PatientId == PatientId && m.ThreadId == existing)
                .Select(m => (Sensitivity?)m.Sensitivity).SingleOrDefaultAsync();
            if (opener is null)
            {
                await AuditAsync(AuditActions.MessageSend, AuditOutcomes.NotFound, actor, existing);
                throw new KeyNotFoundException("No such conversation.");
            }
            // An answer is at least as sensitive as the conversation it belongs to.
            if (opener.Value > declared) declared = opener.Value;
        }

        var key = await keyRing.FindAsync(PatientId)
            ?? throw new InvalidOperationException("This patient's record was erased.");
        var now = Now;
        // What the recipient can receive: a certificate or OpenPGP key on file, or a domain whose mail is known
        // from an earlier probe to leave over verified TLS. An unknown domain is probed outside this turn (the
        // probe can take seconds, and every other call for this patient would wait); until then, the portal.
        var email = await emails.OfAsync(db, PatientId);
        var certificate = await recipientKeys.UsableCertificateAsync(PatientId, email);
        certificate?.Certificate.Dispose();
        var pgpKey = await recipientKeys.UsablePgpKeyAsync(PatientId, email);
        var verifiedTls = certificate is null && pgpKey is null && await domainTls.IsVerifiedAsync(email);
        var decision = policy.Decide(declared, new RecipientCapabilities(certificate is not null, pgpKey is not null, verifiedTls),
            [message.Subject, text, .. files.Select(f => f.FileName)]);
        db.SecureMessages.Add(new SecureMessage
        {
            Id = id,
            PatientId = PatientId,
            SenderId = actor.UserId,
            ThreadId = threadId,
            SubjectCipher = key.Seal(PhiFields.MessageSubject, id, message.Subject),
            BodyCipher = key.Seal(PhiFields.MessageBody, id, body),
            BodyFormat = message.Format,
            SentUtc = now,
            ExpiresUtc = message.ExpiresUtc,
            Sensitivity = decision.Sensitivity,
            DeliveryMethod = decision.Method,
            PolicyReason = decision.Reason,
        });
        AddAttachments(db, key, id, files, now);
        // The mail is queued in the same transaction: a message is never stored without its way out.
        var kind = decision.Method switch
        {
            DeliveryMethod.Smime => OutboxKind.SecureMessageSmime,
            DeliveryMethod.OpenPgp => OutboxKind.SecureMessageOpenPgp,
            DeliveryMethod.Tls => OutboxKind.SecureMessageTls,
            _ => OutboxKind.SecureMessageNotice,
        };
        db.Outbox.Add(OutboxWriter.NewRow(kind, PatientId, id, now));
        await db.SaveChangesAsync();
        outboxSignal.Notify();

        await AuditAsync(AuditActions.MessageSend, AuditOutcomes.Success, actor, id);
        return id;
    }

    public async Task<Guid> ReplyAsync(Guid threadId, string body, AuditActor actor, IReadOnlyList<NewAttachment>? attachments = null)
    {
        if (actor.Role != PortalRoles.Patient || actor.UserId != PatientId)
            throw new UnauthorizedAccessException("Only the patient replies as the patient.");
        var (files, fileProblem) = attachmentRules.Check(attachments);
        if ((SecureMessageLimits.Check("reply", body) ?? fileProblem) is { } problem)
        {
            await AuditAsync(AuditActions.MessageReply, AuditOutcomes.Failure, actor, threadId);
            throw new ArgumentException(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var opener = await db.SecureMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == threadId && m.ThreadId == threadId && m.PatientId == PatientId && !m.FromPatient);
        if (opener is null || StateOf(opener) != MessageState.Active)
        {
            await AuditAsync(AuditActions.MessageReply, AuditOutcomes.NotFound, actor, threadId);
            throw new InvalidOperationException("This conversation cannot be answered.");
        }

        var key = await keyRing.FindAsync(PatientId)
            ?? throw new InvalidOperationException("This conversation cannot be answered.");
        var subject = "Re: " + key.OpenText(PhiFields.MessageSubject, opener.Id, opener.SubjectCipher);
        if (subject.Length > SecureMessageLimits.SubjectMaxLength) subject = subject[..SecureMessageLimits.SubjectMaxLength];
        var id = Guid.CreateVersion7();
        var now = Now;
        var decision = policy.Decide(opener.Sensitivity, RecipientCapabilities.None, [subject, body, .. files.Select(f => f.FileName)]);
        db.SecureMessages.Add(new SecureMessage
        {
            Id = id,
            PatientId = PatientId,
            SenderId = actor.UserId,
            ThreadId = threadId,
            FromPatient = true,
            SubjectCipher = key.Seal(PhiFields.MessageSubject, id, subject),
            BodyCipher = key.Seal(PhiFields.MessageBody, id, body),
            SentUtc = now,
            Sensitivity = decision.Sensitivity,
            DeliveryMethod = DeliveryMethod.PortalPickup, // replies stay in the portal, in the team inbox
            PolicyReason = "A patient's reply stays in the portal.",
        });
        AddAttachments(db, key, id, files, now);
        await db.SaveChangesAsync();
        await AuditAsync(AuditActions.MessageReply, AuditOutcomes.Success, actor, id);
        return id;
    }

    public async Task<IReadOnlyList<InboxItem>> GetInboxAsync(AuditActor actor)
    {
        var action = actor.Role == PortalRoles.Patient ? AuditActions.InboxView : AuditActions.PatientMessagesView;
        await DemandAccessAsync(actor, action);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.SecureMessages.AsNoTracking()
            .Where(m => m.PatientId == PatientId)
            .OrderByDescending(m => m.SentUtc)
            .Select(m => new { Message = m, Sender = db.Users.Where(u => u.Id == m.SenderId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync();

        var key = rows.Count == 0 ? null : await keyRing.FindAsync(PatientId);
        // How each message went out is for staff; the patient's inbox (the page opened most) does not read it.
        var outcomes = actor.Role == PortalRoles.Patient
            ? new Dictionary<Guid, SentAs>()
            : await SentOutcomes.ForAsync(db, [.. rows.Select(r => r.Message.Id)]);
        var items = rows.Select(r =>
        {
            var m = r.Message;
            var state = key is null ? MessageState.Erased : StateOf(m);
            var subject = state == MessageState.Active ? key!.OpenText(PhiFields.MessageSubject, m.Id, m.SubjectCipher) : Describe(state);
            var sender = m.FromPatient ? "Patient" : string.IsNullOrEmpty(r.Sender) ? "Care team" : r.Sender;
            var sentAs = SentOutcomes.Of(m, outcomes);
            return new InboxItem(m.Id, subject, sender, m.SentUtc, m.ReadUtc, sentAs.Method, sentAs.Reason!, m.ThreadId, m.FromPatient, state, m.StaffReadUtc, m.AssignedStaffId, PatientId, sentAs.Evidence);
        }).ToList();
        await AuditAsync(action, AuditOutcomes.Success, actor);
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
        var view = await ViewAsync(db, [message], isPatient);
        await AuditAsync(action, view[0].State == MessageState.Active ? AuditOutcomes.Success : view[0].State.ToString().ToLowerInvariant(), actor, messageId);
        return view[0];
    }

    public async Task<IReadOnlyList<SecureMessageView>> GetThreadAsync(Guid threadId, AuditActor actor)
    {
        var isPatient = actor.Role == PortalRoles.Patient && actor.UserId == PatientId;
        var action = isPatient ? AuditActions.MessageRead : AuditActions.MessageView;
        await DemandAccessAsync(actor, action, threadId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var messages = await db.SecureMessages.Where(m => m.PatientId == PatientId && m.ThreadId == threadId).OrderBy(m => m.SentUtc).ToListAsync();
        var views = await ViewAsync(db, messages, isPatient);
        await AuditAsync(action, messages.Count == 0 ? AuditOutcomes.NotFound : AuditOutcomes.Success, actor, threadId);
        return views;
    }

    public async Task<AttachmentContent?> OpenAttachmentAsync(Guid attachmentId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.AttachmentDownload, attachmentId);
        await using var db = await dbFactory.CreateDbContextAsync();
        // As with messages, another patient's attachment, a recalled or expired message's and an unknown id all answer null.
        var row = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.PatientId == PatientId)
            .Join(db.SecureMessages.Where(m => m.PatientId == PatientId), a => a.MessageId, m => m.Id, (a, m) => new { Attachment = a, Message = m })
            .SingleOrDefaultAsync();
        var key = row is null ? null : await keyRing.FindAsync(PatientId);
        var state = row is null ? (MessageState?)null : key is null ? MessageState.Erased : StateOf(row.Message);
        if (row is null || state != MessageState.Active)
        {
            await AuditAsync(AuditActions.AttachmentDownload, state?.ToString().ToLowerInvariant() ?? AuditOutcomes.NotFound, actor, attachmentId);
            return null;
        }
        var a = row.Attachment;
        var content = new AttachmentContent(
            key!.OpenText(PhiFields.AttachmentFileName, a.Id, a.FileNameCipher),
            a.ContentType,
            key!.Open(PhiFields.AttachmentContent, a.Id, a.ContentCipher));
        await AuditAsync(AuditActions.AttachmentDownload, AuditOutcomes.Success, actor, attachmentId);
        return content;
    }

    public async Task<bool> RecallAsync(Guid messageId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.MessageRecall, messageId);
        if (actor.Role == PortalRoles.Patient)
            throw new UnauthorizedAccessException("Only staff recall messages.");
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync();
        var recalled = await db.SecureMessages
            .Where(m => m.Id == messageId && m.PatientId == PatientId && !m.FromPatient && m.RecalledUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.RecalledUtc, now)) == 1;
        await AuditAsync(AuditActions.MessageRecall, recalled ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, messageId);
        return recalled;
    }

    public async Task<bool> AssignAsync(Guid messageId, Guid staffId, AuditActor actor)
    {
        await DemandAccessAsync(actor, AuditActions.MessageAssign, messageId);
        if (!await access.MayOpenAsync(new AuditActor(staffId, PortalRoles.Staff, null), PatientId))
            return false;
        await using var db = await dbFactory.CreateDbContextAsync();
        var assigned = await db.SecureMessages.Where(m => m.Id == messageId && m.PatientId == PatientId && m.FromPatient)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedStaffId, staffId)) == 1;
        await AuditAsync(AuditActions.MessageAssign, assigned ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor, messageId);
        return assigned;
    }

    public async Task<int> DisposeMessagesAsync(DateTime cutoff, AuditActor actor)
    {
        if (!await MayDisposeAsync(actor)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync();
        // Whole conversations only: a thread goes once its newest message is past its time, so no reply is left
        // without the message it answers.
        var threads = await db.SecureMessages.Where(m => m.PatientId == PatientId).GroupBy(m => m.ThreadId)
            .Where(t => t.Max(m => m.SentUtc) < cutoff).Select(t => t.Key).ToListAsync();
        if (threads.Count == 0) return 0;
        var messages = db.SecureMessages.Where(m => m.PatientId == PatientId && threads.Contains(m.ThreadId));
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.MessageAttachments.Where(a => a.PatientId == PatientId && messages.Select(m => m.Id).Contains(a.MessageId)).ExecuteDeleteAsync();
        await db.Outbox.Where(o => o.RecipientId == PatientId && OutboxWriter.SecureMessageKinds.Contains(o.Kind) && messages.Select(m => m.Id).Contains(o.ReferenceId)).ExecuteDeleteAsync();
        var count = await messages.ExecuteDeleteAsync();
        await transaction.CommitAsync();
        return count;
    }

    public async Task<int> DisposeAttachmentsAsync(DateTime cutoff, AuditActor actor)
    {
        if (!await MayDisposeAsync(actor)) return 0;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.MessageAttachments.Where(a => a.PatientId == PatientId && a.CreatedUtc < cutoff).ExecuteDeleteAsync();
    }

    // Retention is the product's own act on a rule; a held record keeps everything.
    private async Task<bool> MayDisposeAsync(AuditActor actor)
    {
        if (actor != AuditActor.System)
        {
            await AuditAsync(AuditActions.RecordsDisposed, AuditOutcomes.Denied, actor);
            throw new UnauthorizedAccessException("Only the retention job disposes of records.");
        }
        return !await legalHolds.IsHeldAsync(PatientId);
    }

    /// <summary>Decrypts what may be read and records who has now read what: the patient staff messages, staff patient replies.</summary>
    private async Task<List<SecureMessageView>> ViewAsync(PortalDbContext db, List<SecureMessage> messages, bool readerIsPatient)
    {
        var now = Now;
        var key = messages.Count == 0 ? null : await keyRing.FindAsync(PatientId);
        var senderIds = messages.Select(m => m.SenderId).Distinct().ToList();
        var names = await db.Users.Where(u => senderIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var messageIds = messages.Select(m => m.Id).ToList();
        var attachments = (await db.MessageAttachments.AsNoTracking()
                .Where(a => a.PatientId == PatientId && messageIds.Contains(a.MessageId))
                .Select(a => new { a.Id, a.MessageId, a.FileNameCipher, a.ContentType, a.SizeBytes, a.CreatedUtc })
                .ToListAsync())
            .OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id)
            .ToLookup(a => a.MessageId);
        var views = new List<SecureMessageView>(messages.Count);
        foreach (var m in messages)
        {
            var state = key is null ? MessageState.Erased : StateOf(m);
            if (state == MessageState.Active)
            {
                if (readerIsPatient && !m.FromPatient && m.ReadUtc is null) m.ReadUtc = now;
                if (!readerIsPatient && m.FromPatient && m.StaffReadUtc is null) m.StaffReadUtc = now;
            }
            var sender = m.FromPatient ? "You" : names.GetValueOrDefault(m.SenderId) is { Length: > 0 } n ? n : "Care team";
            if (!readerIsPatient && m.FromPatient) sender = "Patient";
            views.Add(state == MessageState.Active
                ? new SecureMessageView(m.Id, key!.OpenText(PhiFields.MessageSubject, m.Id, m.SubjectCipher), key!.OpenText(PhiFields.MessageBody, m.Id, m.BodyCipher), sender, m.SentUtc, m.ReadUtc, m.ThreadId, m.FromPatient, state,
                    m.BodyFormat, attachments[m.Id].Select(a => new AttachmentInfo(a.Id, key!.OpenText(PhiFields.AttachmentFileName, a.Id, a.FileNameCipher), a.ContentType, a.SizeBytes)).ToList())
                : new SecureMessageView(m.Id, Describe(state), "", sender, m.SentUtc, m.ReadUtc, m.ThreadId, m.FromPatient, state, BodyFormat.Plain, []));
        }
        await db.SaveChangesAsync();
        return views;
    }

    private MessageState StateOf(SecureMessage m) => MessageLifetime.StateOf(m, Now);

    private static string Describe(MessageState state) => state switch
    {
        MessageState.Recalled => "This message was recalled by the sender",
        MessageState.Erased => "This message was erased",
        _ => "This message has expired",
    };

    private const string ErasedName = "(record erased)";

    public async Task<bool> EraseRecordAsync(AuditActor actor)
    {
        if (actor.Role != PortalRoles.Admin)
        {
            await AuditAsync(AuditActions.PatientErased, AuditOutcomes.Denied, actor);
            throw new UnauthorizedAccessException("Only admins erase records.");
        }
        // A legal hold preserves the record: it is released first, on the retention page, by someone who may.
        if (await legalHolds.IsHeldAsync(PatientId))
        {
            await AuditAsync(AuditActions.PatientErased, AuditOutcomes.Denied, actor);
            throw new InvalidOperationException("This record is under a legal hold and cannot be erased until the hold is released.");
        }
        var erased = await keyRing.DestroyAsync(PatientId);
        // The key's end makes every encrypted value unreadable; what was in clear for segments and search goes too.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.PatientTokens.Where(t => t.PatientId == PatientId).ExecuteDeleteAsync();
            await db.PatientDiagnoses.Where(d => d.PatientId == PatientId).ExecuteDeleteAsync();
            await db.Appointments.Where(a => a.PatientId == PatientId).ExecuteDeleteAsync();
            await db.PatientProfiles.Where(p => p.PatientId == PatientId).ExecuteDeleteAsync();
            // Being held out of a campaign says the patient was in its (perhaps diagnosis-based) audience.
            await db.CampaignHoldouts.Where(h => h.PatientId == PatientId).ExecuteDeleteAsync();
            // The account's address goes too: nothing is left to find, mail or name the patient by.
            await db.Users.Where(u => u.Id == PatientId).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.Email, (string?)null).SetProperty(u => u.NormalizedEmail, (string?)null).SetProperty(u => u.EmailConfirmed, false));
        }
        await AuditAsync(AuditActions.PatientErased, erased ? AuditOutcomes.Success : AuditOutcomes.NotFound, actor);
        if (erased)
            await disposals.RecordErasureAsync(PatientId, actor);
        return erased;
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
    private void AddAttachments(PortalDbContext db, DataKey key, Guid messageId, IReadOnlyList<CheckedAttachment> files, DateTime now)
    {
        foreach (var file in files)
        {
            var id = Guid.CreateVersion7();
            db.MessageAttachments.Add(new MessageAttachment
            {
                Id = id,
                MessageId = messageId,
                PatientId = PatientId,
                FileNameCipher = key.Seal(PhiFields.AttachmentFileName, id, file.FileName),
                ContentCipher = key.Seal(PhiFields.AttachmentContent, id, file.Content),
                ContentType = file.ContentType,
                SizeBytes = file.Content.Length,
                CreatedUtc = now,
            });
        }
    }
}
