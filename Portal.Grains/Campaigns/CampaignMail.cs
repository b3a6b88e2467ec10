using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Data;
using Portal.Data.Campaigns;
using Portal.Data.Delivery;
using Portal.Data.Outbox;
using Portal.Grains.Encryption;
using Portal.Grains.Outbox;
using Portal.Messaging.Campaigns;
using Portal.Messaging.Delivery;
using Portal.Messaging.Notifications;

namespace Portal.Grains.Campaigns;

/// <summary>
/// Composes one recipient's copy of a campaign at send time: the frozen design compiled once per campaign, the
/// recipient's merge values, a signed one-click unsubscribe (RFC 8058 headers and the footer's link), HTML with its
/// plain-text part. A body naming patient data goes only over verified TLS; where that cannot be had, the copy sent
/// is the same mail merged without patient data, so nothing about the patient travels in clear.
/// </summary>
public sealed class CampaignMail(
    IDbContextFactory<PortalDbContext> dbFactory,
    PatientKeyRing keyRing,
    CampaignChecks checks,
    IOptions<NotificationOptions> notifications,
    IOptions<Delivery.MarketingPoolOptions> marketingPool)
{
    private sealed record Compiled(Campaign Row, CampaignTemplate Template, bool UsesPatientData);

    private readonly ConcurrentDictionary<Guid, Compiled> _compiled = new();

    // First names read for the rows of batches being sent, by outbox row id: taken when the row is composed, dropped
    // at the batch's end, so nothing outlives the batch that needed it.
    private readonly ConcurrentDictionary<Guid, string?> _batchNames = new();

    /// <summary>The values the sample patient shows: for previews and test sends, never a real patient's data.</summary>
    public static IReadOnlyDictionary<string, string> SampleValues { get; } = MergeFields.All.ToDictionary(f => f.Name, f => f.SampleValue);

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, MarketingContent content, string recipientAddress, string messageId, ListUnsubscribeHeaders unsubscribe, CancellationToken cancellationToken)
    {
        if (content.CampaignId is not { } campaignId) return null;
        // A launched campaign's content is frozen; a test send is of a draft that may still change.
        var compiled = await CompiledAsync(campaignId, cache: !content.IsTest, cancellationToken);
        if (compiled is null) return null;

        var organisation = OrganisationValues();
        // Patient data is read (and opened with the patient's key) only when the campaign names it.
        var values = content.IsTest ? SampleValues
            : !compiled.UsesPatientData ? organisation
            : _batchNames.TryRemove(row.Id, out var firstName) ? With(organisation, firstName)
            : await RecipientValuesAsync(row.RecipientId, organisation, cancellationToken);
        var protect = compiled.UsesPatientData && !content.IsTest;
        var mail = Build(compiled, row, content, recipientAddress, messageId, unsubscribe, values);
        return new ComposedMail(mail)
        {
            RequireVerifiedTls = protect,
            WithoutPhi = protect ? () => Build(compiled, row, content, recipientAddress, messageId, unsubscribe, organisation) : null,
        };
    }

    /// <summary>Renders a draft for the preview, with <paramref name="values"/> and links that lead nowhere.</summary>
    public RenderedCampaign? Preview(CampaignDraft draft, IReadOnlyDictionary<string, string> values, out IReadOnlyList<TemplateProblem> problems)
    {
        var template = CampaignTemplate.TryCompile(CampaignChecks.Envelope(draft), CampaignDesign.FromJson(draft.DesignJson), out problems);
        var portal = notifications.Value.PortalBaseUrl.TrimEnd('/');
        return template?.Render(values, new CampaignLinks(portal, portal + "/unsubscribe/preview", portal + "/preferences"), checks.Footer);
    }

    /// <summary>The organisation's values with the patient's added (their first name, opened with their data key).</summary>
    public async Task<IReadOnlyDictionary<string, string>> RecipientValuesAsync(Guid recipientId, IReadOnlyDictionary<string, string> organisation, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cipher = await db.Patients.AsNoTracking().Where(p => p.Id == recipientId).Select(p => p.FullNameCipher).SingleOrDefaultAsync(cancellationToken);
        return With(organisation, cipher is null ? null : await FirstNameAsync(recipientId, cipher, cancellationToken));
    }

    /// <summary>Reads the first names of a batch's campaign recipients in one query, for the campaigns that name them.</summary>
    public async Task PrepareBatchAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var naming = new List<OutboxMessage>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contentIds = rows.Select(r => r.ReferenceId).Distinct().ToList();
        var campaignOf = await db.MarketingContents.AsNoTracking().Where(c => contentIds.Contains(c.Id) && c.CampaignId != null && !c.IsTest)
            .ToDictionaryAsync(c => c.Id, c => c.CampaignId!.Value, cancellationToken);
        foreach (var row in rows)
            if (campaignOf.TryGetValue(row.ReferenceId, out var campaignId) && await CompiledAsync(campaignId, cache: true, cancellationToken) is { UsesPatientData: true })
                naming.Add(row);
        if (naming.Count == 0) return;
        var recipients = naming.Select(r => r.RecipientId).Distinct().ToList();
        var ciphers = await db.Patients.AsNoTracking().Where(p => recipients.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FullNameCipher, cancellationToken);
        foreach (var row in naming)
            _batchNames[row.Id] = ciphers.TryGetValue(row.RecipientId, out var cipher) ? await FirstNameAsync(row.RecipientId, cipher, cancellationToken) : null;
    }

    public void EndBatch(IReadOnlyList<OutboxMessage> rows)
    {
        foreach (var row in rows) _batchNames.TryRemove(row.Id, out _);
    }

    // An erased patient has no key: their copy is merged without a name.
    private async Task<string?> FirstNameAsync(Guid patientId, byte[] cipher, CancellationToken cancellationToken)
    {
        if (await keyRing.FindAsync(patientId, cancellationToken) is not { } key) return null;
        var first = key.OpenText(PhiFields.PatientFullName, patientId, cipher).Trim().Split(' ', 2)[0];
        return first.Length > 0 ? first : null;
    }

    private static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> organisation, string? firstName)
    {
        if (firstName is null) return organisation;
        return new Dictionary<string, string>(organisation) { [MergeFields.PatientFirstName] = firstName };
    }

    public IReadOnlyDictionary<string, string> OrganisationValues() =>
        new Dictionary<string, string> { [MergeFields.OrganisationName] = notifications.Value.OrganisationName };

    private MimeMessage Build(Compiled compiled, OutboxMessage row, MarketingContent content, string recipientAddress, string messageId, ListUnsubscribeHeaders unsubscribe, IReadOnlyDictionary<string, string> values)
    {
        var options = notifications.Value;
        var mail = new MimeMessage { MessageId = messageId, Date = DateTimeOffset.UtcNow };
        mail.To.Add(MailboxAddress.Parse(recipientAddress));
        var token = unsubscribe.Apply(mail, new UnsubscribeRequest(row.RecipientId, content.ListId));
        var portal = options.PortalBaseUrl.TrimEnd('/');
        var rendered = compiled.Template.Render(values, new CampaignLinks(portal, unsubscribe.HttpsUrl(token), portal + "/preferences"), checks.Footer);
        mail.From.Add(new MailboxAddress(string.IsNullOrWhiteSpace(rendered.FromName) ? options.FromName : rendered.FromName, marketingPool.Value.FromAddress ?? options.FromAddress));
        mail.Subject = content.IsTest ? "[Test] " + rendered.Subject : rendered.Subject;
        mail.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        return mail;
    }

    private async Task<Compiled?> CompiledAsync(Guid campaignId, bool cache, CancellationToken cancellationToken)
    {
        if (cache && _compiled.TryGetValue(campaignId, out var cached)) return cached;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken) is not { } row) return null;
        var envelope = new CampaignEnvelope(row.FromName, row.Subject, row.Preheader);
        var design = CampaignDesign.FromJson(row.DesignJson);
        if (CampaignTemplate.TryCompile(envelope, design, out _) is not { } template) return null;
        var compiled = new Compiled(row, template, CampaignLinter.UsesPatientData(envelope, design));
        return cache ? _compiled.GetOrAdd(campaignId, compiled) : compiled;
    }
}
