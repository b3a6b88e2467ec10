using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Messaging.Notifications;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>What became of one message at the bounce mailbox.</summary>
public enum BounceResult { NotAReport, UnknownMessage, SoftBounce, HardBounce, Complaint }

/// <summary>
/// Ties a DSN (RFC 3464, or a plain-text bounce <see cref="TextBounceParser"/> reads) or complaint (ARF, RFC 5965) to the outbox row it is about and acts on it:
/// a hard bounce or a complaint puts the address on the suppression list. The row is found by the
/// VERP tag in the envelope recipient (our MAIL FROM came back as RCPT TO), else by the returned
/// Message-ID; the address suppressed is the one the row was sent to, never one named in the report,
/// so a forged report cannot silence an address the portal did not mail.
/// </summary>
public sealed class BounceProcessor(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, IOptions<NotificationOptions> notificationOptions, TimeProvider clock)
{
    public async Task<BounceResult> ProcessAsync(MimeMessage report, IEnumerable<string> envelopeRecipients, CancellationToken cancellationToken)
    {
        var dsn = DsnParser.Parse(report);
        var complaint = dsn is null ? FeedbackReportParser.Parse(report) : null;
        // Neither: perhaps one of the plain-text notices many servers still send. Automatic replies are no bounce.
        dsn ??= complaint is null ? TextBounceParser.Parse(report) : null;
        if (dsn is null && complaint is null) return BounceResult.NotAReport;

        var rowId = envelopeRecipients.Select(VerpRowId).FirstOrDefault(id => id is not null)
            ?? MessageIdRowId(dsn is not null ? dsn.MessageReference : complaint!.OriginalMessageId);
        if (rowId is null) return BounceResult.UnknownMessage;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(r => r.Id == rowId.Value, cancellationToken);
        if (row is null || (row.SentUtc is null && row.Attempts == 0)) return BounceResult.UnknownMessage;
        var address = row.RecipientAddress ?? await emails.OfAsync(db, row.RecipientId, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        BounceResult result;
        string detail;
        if (complaint is not null)
        {
            result = BounceResult.Complaint;
            detail = $"Complaint ({complaint.FeedbackType}) reported by {complaint.UserAgent ?? "a feedback loop"}.";
            db.DeliveryEvents.Add(new DeliveryEvent { OutboxId = row.Id, ReferenceId = row.ReferenceId, Kind = DeliveryEventKind.Complained, AtUtc = now, Detail = Truncate(detail) });
        }
        else
        {
            var worst = dsn!.Recipients.OrderByDescending(r => r.Kind).FirstOrDefault();
            result = dsn.Kind switch { BounceKind.Hard => BounceResult.HardBounce, BounceKind.Soft => BounceResult.SoftBounce, _ => BounceResult.NotAReport };
            if (result == BounceResult.NotAReport) return result;
            detail = $"{(result == BounceResult.HardBounce ? "Hard" : "Soft")} bounce {worst?.Status} from {dsn.ReportingMta ?? "the receiving server"}: {worst?.DiagnosticCode}";
            db.DeliveryEvents.Add(new DeliveryEvent { OutboxId = row.Id, ReferenceId = row.ReferenceId, Kind = DeliveryEventKind.Bounced, AtUtc = now, Detail = Truncate(detail) });
        }

        if (result is BounceResult.HardBounce or BounceResult.Complaint && address is not null)
        {
            var token = await emails.LookupTokenAsync(address);
            if (!await db.SuppressedAddresses.AnyAsync(s => s.Address == token, cancellationToken))
                db.SuppressedAddresses.Add(new SuppressedAddress
                {
                    Address = token,
                    Reason = result == BounceResult.Complaint ? SuppressionReason.Complaint : SuppressionReason.HardBounce,
                    SinceUtc = now,
                    OutboxId = row.Id,
                    Detail = Truncate(detail),
                });
        }
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    // bounces+<32 hex>@domain: the tag the dispatcher put into MAIL FROM.
    private static Guid? VerpRowId(string address)
    {
        var plus = address.IndexOf('+');
        var at = address.LastIndexOf('@');
        return plus > 0 && at > plus && Guid.TryParseExact(address[(plus + 1)..at], "N", out var id) ? id : null;
    }

    private Guid? MessageIdRowId(string? messageId)
    {
        if (messageId is null) return null;
        var trimmed = messageId.Trim('<', '>', ' ');
        var at = trimmed.LastIndexOf('@');
        return at > 0
            && trimmed[(at + 1)..].Equals(notificationOptions.Value.MessageIdDomain, StringComparison.OrdinalIgnoreCase)
            && Guid.TryParseExact(trimmed[..at], "N", out var id) ? id : null;
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;
}
