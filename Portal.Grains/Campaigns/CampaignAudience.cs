using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Grains.Audience.Segments;

namespace Portal.Grains.Campaigns;

/// <summary>Who a campaign reaches when it launches, and how many of its segment it leaves out and why.</summary>
public sealed record CampaignAudienceResult(IReadOnlyList<CampaignRecipient> Recipients, LeftOutCounts LeftOut);

/// <summary>One patient a launch queues, with the time zone their copy is timed in (null: the organisation's).</summary>
public sealed record CampaignRecipient(Guid PatientId, string? TimeZone);

/// <summary>
/// Evaluates a campaign's segment in the database and applies the rules in this order, each patient counted once,
/// under the first rule that leaves them out: an address to write to; not opted out of the campaign's purpose; for
/// marketing, a signed, unexpired, unrevoked authorisation (every marketing campaign targets by PHI: a segment of
/// patients is one); the address not suppressed after a hard bounce or a complaint; for marketing, fewer
/// than the week's allowance of marketing mail (<see cref="CampaignOptions.MarketingMailsPerPatientPerWeek"/>, over the
/// last seven days). Sending checks suppression,
/// unsubscribes, opt-outs and authorisations again, so what changes after launch is honoured too.
/// </summary>
public sealed class CampaignAudience(SegmentQuery query, IOptions<CampaignOptions> options, TimeProvider clock)
{
    public async Task<CampaignAudienceResult> SelectAsync(PortalDbContext db, Campaign campaign, SegmentGroup segment, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var purpose = campaign.Purpose.ContactPurpose();
        var needsAuthorisation = campaign.Purpose == CampaignPurpose.Marketing;
        var members = await query.BuildAsync(db, segment);
        var rows = await db.Users.AsNoTracking().Join(members, u => u.Id, p => p.PatientId, (u, p) => new { u, p.TimeZone })
            .Select(x => new
            {
                x.u.Id,
                x.TimeZone,
                HasAddress = x.u.NormalizedEmail != null && x.u.NormalizedEmail != "",
                OptedOut = db.CommunicationPreferences.Any(p => p.PatientId == x.u.Id && p.Purpose == purpose && p.Channel == ContactChannel.Email && !p.Allowed),
                Authorised = !needsAuthorisation || db.Authorisations.Any(a => a.PatientId == x.u.Id && a.Purpose == ContactPurpose.Marketing && a.RevokedUtc == null && a.ExpiresUtc > now),
                Suppression = db.SuppressedAddresses.Where(s => s.Address == x.u.NormalizedEmail).Select(s => (SuppressionReason?)s.Reason).FirstOrDefault(),
            })
            .OrderBy(u => u.Id)
            .ToListAsync(cancellationToken);

        var capped = campaign.Purpose == CampaignPurpose.Marketing ? await AtWeeklyCapAsync(db, now, cancellationToken) : [];
        int noAddress = 0, optedOut = 0, noAuthorisation = 0, suppressed = 0, bounced = 0, cap = 0;
        var recipients = new List<CampaignRecipient>(rows.Count);
        foreach (var row in rows)
        {
            if (!row.HasAddress) noAddress++;
            else if (row.OptedOut) optedOut++;
            else if (!row.Authorised) noAuthorisation++;
            else if (row.Suppression == SuppressionReason.HardBounce) bounced++;
            else if (row.Suppression is not null) suppressed++;
            else if (capped.Contains(row.Id)) cap++;
            else recipients.Add(new CampaignRecipient(row.Id, row.TimeZone));
        }
        return new CampaignAudienceResult(recipients, new LeftOutCounts(noAddress, optedOut, noAuthorisation, suppressed, bounced, cap));
    }

    // Patients who had (or have waiting) the week's allowance of marketing campaign mail; care campaigns never count.
    // Counted per content through the outbox's ReferenceId index, not per patient.
    private async Task<HashSet<Guid>> AtWeeklyCapAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var cap = options.Value.MarketingMailsPerPatientPerWeek;
        if (cap <= 0) return [];
        var weekAgo = now.AddDays(-7);
        var contents = db.MarketingContents.Where(c => !c.IsTest && db.Campaigns.Any(k => k.Id == c.CampaignId && k.Purpose == CampaignPurpose.Marketing)).Select(c => c.Id);
        var counted = await db.Outbox.AsNoTracking()
            .Where(r => contents.Contains(r.ReferenceId) && (r.SentUtc > weekAgo || (r.SentUtc == null && r.FailedUtc == null)))
            .GroupBy(r => r.RecipientId).Where(g => g.Count() >= cap).Select(g => g.Key)
            .ToListAsync(cancellationToken);
        return [.. counted];
    }
}
