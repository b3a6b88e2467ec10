using Microsoft.EntityFrameworkCore;
using Portal.Grains.Delivery;
using Portal.Data.Outbox;
using Portal.Data.Audience;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Outbox;

/// <summary>What a batch needs to know about its recipients, read in three queries instead of three per row.</summary>
internal sealed class BatchContext
{
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private Dictionary<string, SuppressedAddress> _suppressed = [];
    private readonly Dictionary<string, string> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<(Guid Recipient, Guid List)> _unsubscribed = [];
    private Dictionary<Guid, Guid> _lists = [];
    private Dictionary<Guid, CampaignPurpose> _campaignPurposes = [];
    private HashSet<(Guid Patient, ContactPurpose Purpose)> _optedOut = [];
    private HashSet<Guid> _authorised = [];

    public static async Task<BatchContext> LoadAsync(IDbContextFactory<PortalDbContext> dbFactory, Identity.AccountEmails emails, IReadOnlyList<OutboxMessage> rows, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var context = new BatchContext();
        var accountIds = rows.Where(r => r.RecipientAddress is null).Select(r => r.RecipientId).Distinct().ToList();
        if (accountIds.Count > 0)
            context._accounts = await emails.OfAsync(accountIds, cancellationToken);

        foreach (var address in rows.Select(r => r.RecipientAddress ?? context.AccountAddress(r.RecipientId)).OfType<string>())
            if (!context._tokens.ContainsKey(address)) context._tokens[address] = await emails.LookupTokenAsync(address);
        var tokens = context._tokens.Values.Distinct().ToList();
        if (tokens.Count > 0)
            context._suppressed = await db.SuppressedAddresses.AsNoTracking().Where(s => tokens.Contains(s.Address)).ToDictionaryAsync(s => s.Address, cancellationToken);

        var contentIds = rows.Where(r => r.Kind == OutboxKind.Marketing).Select(r => r.ReferenceId).Distinct().ToList();
        if (contentIds.Count > 0)
        {
            context._lists = await db.MarketingContents.AsNoTracking().Where(c => contentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ListId, cancellationToken);
            var listIds = context._lists.Values.Distinct().ToList();
            var recipients = rows.Where(r => r.Kind == OutboxKind.Marketing).Select(r => r.RecipientId).Distinct().ToList();
            context._unsubscribed = (await db.ListUnsubscriptions.AsNoTracking()
                .Where(u => listIds.Contains(u.ListId) && recipients.Contains(u.RecipientId))
                .Select(u => new { u.RecipientId, u.ListId }).ToListAsync(cancellationToken))
                .Select(u => (u.RecipientId, u.ListId)).ToHashSet();
            await context.LoadCampaignConsentAsync(db, contentIds, recipients, now, cancellationToken);
        }
        return context;
    }

    // A patient may opt out or revoke their authorisation between a campaign's launch and their copy leaving.
    private async Task LoadCampaignConsentAsync(PortalDbContext db, List<Guid> contentIds, List<Guid> recipients, DateTime now, CancellationToken cancellationToken)
    {
        _campaignPurposes = await db.MarketingContents.AsNoTracking().Where(c => contentIds.Contains(c.Id) && c.CampaignId != null && !c.IsTest)
            .Join(db.Campaigns, c => c.CampaignId, k => k.Id, (c, k) => new { c.Id, k.Purpose })
            .ToDictionaryAsync(x => x.Id, x => x.Purpose, cancellationToken);
        if (_campaignPurposes.Count == 0) return;
        var purposes = _campaignPurposes.Values.Select(p => p.ContactPurpose()).Distinct().ToList();
        _optedOut = (await db.CommunicationPreferences.AsNoTracking()
            .Where(p => recipients.Contains(p.PatientId) && purposes.Contains(p.Purpose) && p.Channel == ContactChannel.Email && !p.Allowed)
            .Select(p => new { p.PatientId, p.Purpose }).ToListAsync(cancellationToken))
            .Select(p => (p.PatientId, p.Purpose)).ToHashSet();
        if (_campaignPurposes.ContainsValue(CampaignPurpose.Marketing))
        {
            _authorised = [.. await db.Authorisations.AsNoTracking()
                .Where(a => recipients.Contains(a.PatientId) && a.Purpose == ContactPurpose.Marketing && a.RevokedUtc == null && a.ExpiresUtc > now)
                .Select(a => a.PatientId).ToListAsync(cancellationToken)];
        }
    }

    /// <summary>Why a campaign's copy may no longer go to its recipient, or null when it may.</summary>
    public string? CampaignRefusal(OutboxMessage row)
    {
        if (!_campaignPurposes.TryGetValue(row.ReferenceId, out var purpose)) return null;
        if (_optedOut.Contains((row.RecipientId, purpose.ContactPurpose()))) return "The patient opted out of this kind of email after the launch.";
        if (purpose == CampaignPurpose.Marketing && !_authorised.Contains(row.RecipientId)) return "The patient's marketing authorisation ended after the launch.";
        return null;
    }

    public string? AccountAddress(Guid accountId) => _accounts.GetValueOrDefault(accountId);

    public SuppressedAddress? Suppression(string address) =>
        _tokens.TryGetValue(address, out var token) ? _suppressed.GetValueOrDefault(token) : null;

    public bool HasUnsubscribed(OutboxMessage row) =>
        _lists.TryGetValue(row.ReferenceId, out var list) && _unsubscribed.Contains((row.RecipientId, list));
}
