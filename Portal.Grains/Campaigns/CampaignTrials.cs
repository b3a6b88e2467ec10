using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Grains.Audience.Segments;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Messaging.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>A preview, or why there is none.</summary>
public sealed record CampaignPreview(RenderedCampaign? Mail, string? Problem);

/// <summary>
/// What a marketer tries before launching: a preview as the sample patient or as one patient of the campaign's
/// segment (named by their address, audited as an access to that patient), and a test send to a workforce address,
/// merged with the sample patient so no patient's data goes to a test inbox.
/// </summary>
public sealed class CampaignTrials(
    IDbContextFactory<PortalDbContext> dbFactory,
    IGrainFactory grains,
    CampaignMail mail,
    SegmentQuery query,
    Audience.Segments.Segments segments,
    AccountEmails emails,
    IProviderSql providerSql,
    OutboxSignal signal,
    IAuditLog audit,
    TimeProvider clock)
{
    public async Task<CampaignPreview> PreviewAsync(Guid campaignId, string? patientAddress, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (await grains.GetGrain<ICampaignGrain>(campaignId).GetAsync() is not { } campaign) return new(null, "No such campaign.");
        var values = CampaignMail.SampleValues;
        if (!string.IsNullOrWhiteSpace(patientAddress))
        {
            var patientId = await SegmentMemberAsync(campaign.Draft.SegmentId, patientAddress.Trim(), cancellationToken);
            // A miss is recorded too: guessing addresses here would tell who is (or is not) a patient of the segment.
            if (patientId is null)
            {
                await audit.WriteAsync(new AuditRecord(AuditActions.CampaignPreviewed, AuditOutcomes.NotFound, actor, null, campaignId.ToString()), cancellationToken);
                return new(null, "No patient of the campaign's segment has that address.");
            }
            values = await mail.RecipientValuesAsync(patientId.Value, mail.OrganisationValues(), cancellationToken);
            await audit.WriteAsync(new AuditRecord(AuditActions.CampaignPreviewed, AuditOutcomes.Success, actor, patientId, campaignId.ToString()), cancellationToken);
        }
        var rendered = mail.Preview(campaign.Draft, values, out var problems);
        return new(rendered, rendered is null ? problems.FirstOrDefault()?.Message : null);
    }

    /// <summary>Queues a test copy to a staff, marketer or admin account's address; returns why not, or null.</summary>
    public async Task<string?> TestSendAsync(Guid campaignId, string? address, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (actor.Role is not (PortalRoles.Marketer or PortalRoles.Admin)) return "Only marketers and admins run campaigns.";
        if (await grains.GetGrain<ICampaignGrain>(campaignId).GetAsync() is not { } campaign) return "No such campaign.";
        if (mail.Preview(campaign.Draft, CampaignMail.SampleValues, out var problems) is null) return problems.First().Message;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = string.IsNullOrWhiteSpace(address) ? null : await emails.LookupTokenAsync(address.Trim());
        var workforce = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == token && u.DeactivatedUtc == null)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == PortalRoles.Staff || r.Name == PortalRoles.Marketer || r.Name == PortalRoles.Admin))))
            .Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        if (workforce is null) return "Test sends go only to the address of a staff, marketer or admin account.";

        var now = clock.GetUtcNow().UtcDateTime;
        var content = new MarketingContent { Id = Guid.CreateVersion7(), ListId = campaignId, CampaignId = campaignId, IsTest = true, Subject = CampaignTemplate.OneLine(campaign.Draft.Subject), CreatedUtc = now };
        db.MarketingContents.Add(content);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await providerSql.InsertOutboxAsync(db, [OutboxWriter.NewRow(OutboxKind.Marketing, workforce.Value, content.Id, now)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        await audit.WriteAsync(new AuditRecord(AuditActions.CampaignTestSent, AuditOutcomes.Success, actor, TargetId: campaignId.ToString()), cancellationToken);
        return null;
    }

    private async Task<Guid?> SegmentMemberAsync(Guid? segmentId, string address, CancellationToken cancellationToken)
    {
        if (segmentId is null || await segments.FindAsync(segmentId.Value, cancellationToken) is not { } segment) return null;
        var token = await emails.LookupTokenAsync(address);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = (await query.BuildAsync(db, segment.Definition)).Select(p => p.PatientId);
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == token && members.Contains(u.Id)).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
    }
}
