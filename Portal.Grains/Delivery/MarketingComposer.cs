using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using Portal.Grains.Outbox;
using Portal.Messaging.Delivery;
using Portal.Messaging.Notifications;
using Portal.Data.Outbox;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>
/// Personalises one marketing message per outbox row: the recipient's name, a link of its own and
/// a signed one-click unsubscribe (RFC 8058 headers plus a visible link); a campaign's content is composed by
/// <see cref="Campaigns.CampaignMail"/>. Content rows never change once written, so they are cached.
/// </summary>
public sealed class MarketingComposer(
    IDbContextFactory<PortalDbContext> dbFactory,
    ListUnsubscribeHeaders unsubscribe,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<MarketingPoolOptions> marketingPool,
    Campaigns.CampaignMail campaigns) : IOutboxMailComposer
{
    private readonly ConcurrentDictionary<Guid, MarketingContent> _contents = new();

    public OutboxKind Kind => OutboxKind.Marketing;

    public Task PrepareBatchAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken) => campaigns.PrepareBatchAsync(rows, cancellationToken);

    public void EndBatch(IReadOnlyList<OutboxMessage> rows) => campaigns.EndBatch(rows);

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken)
    {
        if (!_contents.TryGetValue(row.ReferenceId, out var content))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            content = await db.MarketingContents.AsNoTracking().SingleOrDefaultAsync(c => c.Id == row.ReferenceId, cancellationToken);
            if (content is null) return null;
            _contents.TryAdd(content.Id, content);
        }
        if (content.CampaignId is not null)
            return await campaigns.ComposeAsync(row, content, recipientAddress, messageId, unsubscribe, cancellationToken);
        string? name = null;
        if (row.RecipientAddress is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            name = await db.Users.Where(u => u.Id == row.RecipientId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        }

        var options = notificationOptions.Value;
        var mail = new MimeMessage { Subject = content.Subject, MessageId = messageId, Date = DateTimeOffset.UtcNow };
        mail.From.Add(new MailboxAddress(options.FromName, marketingPool.Value.FromAddress ?? options.FromAddress));
        mail.To.Add(MailboxAddress.Parse(recipientAddress));
        var token = unsubscribe.Apply(mail, new UnsubscribeRequest(row.RecipientId, content.ListId));
        var body = new StringBuilder(content.BodyTemplate)
            .Replace("{{name}}", string.IsNullOrWhiteSpace(name) ? "there" : name)
            .Replace("{{link}}", $"{options.PortalBaseUrl.TrimEnd('/')}/?m={row.Id:N}")
            .Replace("{{unsubscribe}}", unsubscribe.HttpsUrl(token));
        mail.Body = new TextPart(TextFormat.Plain) { Text = body.ToString() };
        return mail;
    }
}
