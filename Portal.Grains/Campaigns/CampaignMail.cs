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

    /// <summary>The values the sample patient shows: for previews and test sends, never a real patient's data.</summary>
    public static IReadOnlyDictionary<string, string> SampleValues { get; } = MergeFields.All.ToDictionary(f => f.Name, f => f.SampleValue);

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, MarketingContent content, string recipientAddress, string messageId, ListUnsubscribeHeaders unsubscribe, CancellationToken cancellationToken)
    {
        if (content.CampaignId is not { } campaignId) return null;
        // A launched campaign's content is frozen; a test send is of a draft that may still change.
        var compiled = await CompiledAsync(campaignId, cache: !content.IsTest, cancellationToken);
        if (compiled is null) return null;

        var organisation = OrganisationValues();
        var values = content.IsTest ? SampleValues : await RecipientValuesAsync(row.RecipientId, organisation, cancellationToken);
        var protect = compiled.UsesPatientData && !content.IsTest;
        var mail = Build(compiled, row, content, recipientAddress, messageId, unsubscribe, values);
        return new ComposedMail(mail)
        {
            RequireVerifiedTls = protect,
            WithoutPhi = protect ? Build(compiled, row, content, recipientAddress, messageId, unsubscribe, organisation) : null,
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
        var values = new Dictionary<string, string>(organisation);
        // An erased patient has no key: their copy is merged without a name.
        if (cipher is not null && await keyRing.FindAsync(recipientId, cancellationToken) is { } key)
        {
            var first = key.OpenText(PhiFields.PatientFullName, recipientId, cipher).Trim().Split(' ', 2)[0];
            if (first.Length > 0) values[MergeFields.PatientFirstName] = first;
        }
        return values;
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
