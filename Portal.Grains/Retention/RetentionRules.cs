using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Retention;
using Portal.Grains.Audit;

namespace Portal.Grains.Retention;

/// <summary>A kind of record, how long it is kept, and whether that is the product's default.</summary>
public sealed record RetentionSetting(RecordKind Kind, int Days, int MinimumDays, bool IsDefault, DateTime? UpdatedUtc);

/// <summary>How long each kind of record is kept: the admin's rule, else the default.</summary>
public sealed class RetentionRules(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Six years, the time HIPAA has documentation of compliance kept (45 CFR 164.316(b)(2)(i)).</summary>
    public const int SixYears = 6 * 365 + 2;

    private static readonly Dictionary<RecordKind, (int Default, int Minimum)> Limits = new()
    {
        // The audit trail is HIPAA documentation: never kept less than six years.
        [RecordKind.AuditEntries] = (SixYears, SixYears),
        // Secure conversations, their attachments and signed forms: copies of what the record system keeps, and
        // communications a patient may ask to account for; six years unless the organisation's own policy says less.
        [RecordKind.Messages] = (SixYears, 30),
        [RecordKind.Attachments] = (SixYears, 30),
        [RecordKind.FormSubmissions] = (SixYears, 30),
        // Evidence of how each message went out (TLS, S/MIME, fallbacks, bounces).
        [RecordKind.DeliveryEvents] = (SixYears, 30),
        // Ended or idle sessions: who signed in from where, for incident review.
        [RecordKind.Sessions] = (90, 1),
    };

    public static IEnumerable<RecordKind> Kinds => Limits.Keys;

    public async Task<IReadOnlyList<RetentionSetting>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.RetentionRules.AsNoTracking().ToDictionaryAsync(r => r.Kind, cancellationToken);
        return [.. Limits.Select(l => rules.TryGetValue(l.Key, out var rule)
            ? new RetentionSetting(l.Key, rule.Days, l.Value.Minimum, false, rule.UpdatedUtc)
            : new RetentionSetting(l.Key, l.Value.Default, l.Value.Minimum, true, null))];
    }

    public async Task<int> DaysAsync(RecordKind kind, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).Single(s => s.Kind == kind).Days;

    /// <summary>Sets a rule; returns why it was refused, or null.</summary>
    public async Task<string?> SetAsync(RecordKind kind, int days, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (!Limits.TryGetValue(kind, out var limit))
            return "That kind of record has no retention rule.";
        if (days < limit.Minimum || days > 36500)
            return $"Keep {Describe(kind)} between {limit.Minimum} and 36500 days.";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rule = await db.RetentionRules.SingleOrDefaultAsync(r => r.Kind == kind, cancellationToken);
        if (rule is null) db.RetentionRules.Add(rule = new RetentionRule { Kind = kind });
        var before = rule.Days;
        (rule.Days, rule.UpdatedUtc, rule.UpdatedBy) = (days, clock.GetUtcNow().UtcDateTime, actor.UserId);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(new AuditRecord(AuditActions.RetentionRuleChanged, AuditOutcomes.Success, actor, TargetId: $"{kind}:{before}->{days}"), cancellationToken);
        return null;
    }

    public static string Describe(RecordKind kind) => kind switch
    {
        RecordKind.AuditEntries => "audit entries",
        RecordKind.DeliveryEvents => "delivery events",
        RecordKind.Sessions => "ended sessions",
        RecordKind.Messages => "secure conversations",
        RecordKind.Attachments => "message attachments",
        RecordKind.FormSubmissions => "form submissions",
        RecordKind.PatientRecord => "patient records",
        _ => kind.ToString(),
    };
}
