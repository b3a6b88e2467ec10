using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Audience;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Grains.Audience.Segments;

namespace Portal.Grains.Campaigns;

/// <summary>Who a campaign reaches when it launches, and how many of its segment it leaves out and why.</summary>
public sealed record CampaignAudienceResult(IReadOnlyList<Guid> Recipients, LeftOutCounts LeftOut);

/// <summary>
/// Evaluates a campaign's segment in the database and applies the rules in this order, each patient counted once,
/// under the first rule that leaves them out: an address to write to; not opted out of the campaign's purpose; for
/// marketing, a signed, unexpired, unrevoked authorisation (every marketing campaign targets by PHI: a segment of
/// patients is one); the address not suppressed after a hard bounce or a complaint. Sending checks suppression,
/// unsubscribes, opt-outs and authorisations again, so what changes after launch is honoured too.
/// </summary>
public sealed class CampaignAudience(SegmentQuery query, TimeProvider clock)
{
    public async Task<CampaignAudienceResult> SelectAsync(PortalDbContext db, Campaign campaign, SegmentGroup segment, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var purpose = campaign.Purpose.ContactPurpose();
        var needsAuthorisation = campaign.Purpose == CampaignPurpose.Marketing;
        var members = (await query.BuildAsync(db, segment)).Select(p => p.PatientId);
        var rows = await db.Users.AsNoTracking().Where(u => members.Contains(u.Id))
            .Select(u => new
            {
                u.Id,
                HasAddress = u.NormalizedEmail != null && u.NormalizedEmail != "",
                OptedOut = db.CommunicationPreferences.Any(p => p.PatientId == u.Id && p.Purpose == purpose && p.Channel == ContactChannel.Email && !p.Allowed),
                Authorised = !needsAuthorisation || db.Authorisations.Any(a => a.PatientId == u.Id && a.Purpose == ContactPurpose.Marketing && a.RevokedUtc == null && a.ExpiresUtc > now),
                Suppression = db.SuppressedAddresses.Where(s => s.Address == u.NormalizedEmail).Select(s => (SuppressionReason?)s.Reason).FirstOrDefault(),
            })
            .OrderBy(u => u.Id)
            .ToListAsync(cancellationToken);

        int noAddress = 0, optedOut = 0, noAuthorisation = 0, suppressed = 0, bounced = 0;
        var recipients = new List<Guid>(rows.Count);
        foreach (var row in rows)
        {
            if (!row.HasAddress) noAddress++;
            else if (row.OptedOut) optedOut++;
            else if (!row.Authorised) noAuthorisation++;
            else if (row.Suppression == SuppressionReason.HardBounce) bounced++;
            else if (row.Suppression is not null) suppressed++;
            else recipients.Add(row.Id);
        }
        return new CampaignAudienceResult(recipients, new LeftOutCounts(noAddress, optedOut, noAuthorisation, suppressed, bounced));
    }
}
