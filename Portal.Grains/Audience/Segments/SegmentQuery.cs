using System.Linq.Expressions;
using Portal.Data;
using Portal.Data.Audience;

namespace Portal.Grains.Audience.Segments;

/// <summary>
/// Translates a segment definition into one database query over patient profiles (every patient with a record has
/// one; an erased record has none). Coded values become blind-index tokens looked up by index; nothing is
/// decrypted and no patient is loaded to decide whether they belong.
/// </summary>
public sealed class SegmentQuery(BlindIndex index, TimeProvider clock)
{
    public async Task<IQueryable<PatientProfile>> BuildAsync(PortalDbContext db, SegmentGroup root)
    {
        if (SegmentRules.Check(root) is { } problem) throw new ArgumentException(problem, nameof(root));
        var predicate = await GroupAsync(db, root, clock.GetUtcNow().UtcDateTime);
        return db.PatientProfiles.Where(predicate);
    }

    private async Task<Expression<Func<PatientProfile, bool>>> GroupAsync(PortalDbContext db, SegmentGroup group, DateTime now)
    {
        var parts = new List<Expression<Func<PatientProfile, bool>>>();
        foreach (var condition in group.Conditions)
        {
            var test = await ConditionAsync(db, condition, now);
            parts.Add(condition.Negate ? Predicates.Not(test) : test);
        }
        foreach (var subgroup in group.Groups)
            parts.Add(await GroupAsync(db, subgroup, now));
        return group.Join == SegmentJoin.All ? Predicates.All(parts) : Predicates.Any(parts);
    }

    private async Task<Expression<Func<PatientProfile, bool>>> ConditionAsync(PortalDbContext db, SegmentCondition c, DateTime now)
    {
        switch (c.Field)
        {
            case SegmentField.Age:
                // Born in a year that makes them at least Min and at most Max this year (to within the birthday).
                var latest = now.Year - (c.Min ?? 0);
                var earliest = now.Year - (c.Max ?? 130);
                return p => p.BirthYear != null && p.BirthYear >= earliest && p.BirthYear <= latest;
            case SegmentField.Sex:
                var sexes = c.Values.Select(v => Enum.Parse<AdministrativeSex>(v, true)).Distinct().ToList();
                return Predicates.Any(sexes.Select(s => (Expression<Func<PatientProfile, bool>>)(p => p.Sex == s)));
            case SegmentField.Language:
                return Predicates.Any(c.Values.Select(v => v.Trim().ToLowerInvariant()).Distinct().Select(language =>
                {
                    var regional = language + "-";
                    return (Expression<Func<PatientProfile, bool>>)(p => p.Language == language || p.Language!.StartsWith(regional));
                }));
            case SegmentField.PostalPrefix:
                return Predicates.Any(c.Values.Select(v => v.Trim().ToUpperInvariant()).Distinct().Select(prefix =>
                    prefix.Length == 3
                        ? (Expression<Func<PatientProfile, bool>>)(p => p.PostalPrefix == prefix)
                        : p => p.PostalPrefix!.StartsWith(prefix)));
            case SegmentField.Diagnosis:
                var codes = new List<byte[]>();
                foreach (var value in c.Values) codes.Add(await index.DiagnosisQueryTokenAsync(c.CodeSystem, value));
                return HasToken(db, TokenKind.Diagnosis, codes);
            case SegmentField.RiskFlag or SegmentField.Tag:
                var kind = c.Field == SegmentField.RiskFlag ? TokenKind.RiskFlag : TokenKind.Tag;
                var labels = new List<byte[]>();
                foreach (var value in c.Values) labels.Add(await index.TokenAsync(kind, value));
                return HasToken(db, kind, labels);
            case SegmentField.LastVisit when c.Min is { } notWithin:
                var since = now.AddDays(-notWithin);
                return p => p.LastVisitUtc == null || p.LastVisitUtc < since;
            case SegmentField.LastVisit:
                var after = now.AddDays(-c.Max!.Value);
                return p => p.LastVisitUtc != null && p.LastVisitUtc >= after;
            case SegmentField.UpcomingAppointment:
                var until = now.AddDays(c.Max!.Value);
                var booked = db.Appointments.Where(a => a.StartUtc >= now && a.StartUtc <= until
                    && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Confirmed)).Select(a => a.PatientId);
                return p => booked.Contains(p.PatientId);
            case SegmentField.MissedAppointment:
                var from = now.AddDays(-c.Max!.Value);
                var missed = db.Appointments.Where(a => a.StartUtc >= from && a.StartUtc <= now && a.Status == AppointmentStatus.NoShow).Select(a => a.PatientId);
                return p => missed.Contains(p.PatientId);
            case SegmentField.PortalVisit:
                var visitedSince = now.AddDays(-(c.Min ?? c.Max!.Value));
                var visitors = db.UserSessions.Where(s => s.LastSeenUtc >= visitedSince).Select(s => s.UserId);
                return c.Min is null ? p => visitors.Contains(p.PatientId) : p => !visitors.Contains(p.PatientId);
            case SegmentField.FormCompleted:
                var submittedSince = now.AddDays(-(c.Min ?? c.Max!.Value));
                var submitters = db.FormSubmissions.Where(s => s.PatientId != null && s.SubmittedUtc >= submittedSince).Select(s => s.PatientId!.Value);
                return c.Min is null ? p => submitters.Contains(p.PatientId) : p => !submitters.Contains(p.PatientId);
            case SegmentField.Consent:
                return Predicates.All(c.Values.Select(v => Enum.Parse<ContactPurpose>(v.Replace(" ", ""), true)).Distinct().Select(purpose => Reachable(db, purpose, now)));
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Field, "Unknown segment field.");
        }
    }

    /// <summary>May be emailed for this purpose: not opted out, and for marketing a signed, unexpired, unrevoked
    /// authorisation (45 CFR 164.508(a)(3)).</summary>
    public static Expression<Func<PatientProfile, bool>> Reachable(PortalDbContext db, ContactPurpose purpose, DateTime now)
    {
        var optedOut = db.CommunicationPreferences.Where(p => p.Purpose == purpose && p.Channel == ContactChannel.Email && !p.Allowed).Select(p => p.PatientId);
        Expression<Func<PatientProfile, bool>> notOptedOut = p => !optedOut.Contains(p.PatientId);
        if (purpose != ContactPurpose.Marketing) return notOptedOut;
        var authorised = db.Authorisations.Where(a => a.Purpose == purpose && a.RevokedUtc == null && a.ExpiresUtc > now).Select(a => a.PatientId);
        return Predicates.All([notOptedOut, p => authorised.Contains(p.PatientId)]);
    }

    // "PatientId IN (patients with the token)": the (Token, PatientId) index yields the few patients that have it,
    // rather than a probe for each of a million profiles (which a correlated EXISTS becomes on SQLite).
    private static Expression<Func<PatientProfile, bool>> HasToken(PortalDbContext db, TokenKind kind, List<byte[]> tokens)
    {
        var anyToken = Predicates.Any(tokens.Distinct(ByteArrays.Comparer).Select(token => (Expression<Func<PatientToken, bool>>)(t => t.Token == token)));
        var patients = db.PatientTokens.Where(t => t.Kind == kind).Where(anyToken).Select(t => t.PatientId);
        return p => patients.Contains(p.PatientId);
    }
}

/// <summary>Byte arrays compared by content.</summary>
internal sealed class ByteArrays : IEqualityComparer<byte[]>
{
    public static readonly ByteArrays Comparer = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] bytes) => BitConverter.ToInt32(bytes, 0);
}
