using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Grains.Outbox;
using Portal.Data.Outbox;
using Portal.Data.Delivery;
using Portal.Data;

namespace Portal.Grains.Delivery;

/// <summary>One recipient of a marketing send: an account, or a list member with a fixed address.</summary>
/// <param name="RecipientId">The account, or the list member's opaque id (unsubscribe tokens carry it).</param>
/// <param name="Address">Null to use the account's current address.</param>
public sealed record MarketingRecipient(Guid RecipientId, string? Address);

/// <summary>
/// What a campaign uses to send: store the content once, then queue one outbox row per recipient.
/// Rows are committed in one transaction before this returns, so "queued" means durable.
/// </summary>
public sealed class MarketingMail(IDbContextFactory<PortalDbContext> dbFactory, IProviderSql providerSql, OutboxSignal signal, TimeProvider clock)
{
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 256 * 1024;

    /// <summary>Stores content for <paramref name="listId"/>; the body may use {{name}}, {{link}} and {{unsubscribe}}.</summary>
    public async Task<Guid> CreateContentAsync(Guid listId, string subject, string bodyTemplate, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > SubjectMaxLength || subject.Any(char.IsControl))
            throw new ArgumentException($"The subject must be 1-{SubjectMaxLength} characters without line breaks or control characters.", nameof(subject));
        if (string.IsNullOrWhiteSpace(bodyTemplate) || bodyTemplate.Length > BodyMaxLength)
            throw new ArgumentException($"The body must be 1-{BodyMaxLength} characters.", nameof(bodyTemplate));
        if (!bodyTemplate.Contains("{{unsubscribe}}", StringComparison.Ordinal))
            throw new ArgumentException("Marketing mail must show its unsubscribe link: put {{unsubscribe}} in the body.", nameof(bodyTemplate));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var content = new MarketingContent { Id = Guid.CreateVersion7(), ListId = listId, Subject = subject, BodyTemplate = bodyTemplate, CreatedUtc = clock.GetUtcNow().UtcDateTime };
        db.MarketingContents.Add(content);
        await db.SaveChangesAsync(cancellationToken);
        return content.Id;
    }

    /// <summary>Queues <paramref name="contentId"/> to every recipient; returns the number queued.</summary>
    /// <exception cref="ArgumentException">An address is not a single plain address; nothing is queued.</exception>
    public async Task<int> EnqueueAsync(Guid contentId, IReadOnlyList<MarketingRecipient> recipients, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < recipients.Count; i++)
        {
            if (recipients[i].Address is { } address && !IsPlainAddress(address))
                throw new ArgumentException($"Recipient {i} has no valid address.", nameof(recipients));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.MarketingContents.AnyAsync(c => c.Id == contentId, cancellationToken))
            throw new ArgumentException("No such content.", nameof(contentId));

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = new List<OutboxMessage>(recipients.Count);
        foreach (var recipient in recipients)
        {
            var row = OutboxWriter.NewRow(OutboxKind.Marketing, recipient.RecipientId, contentId, now);
            row.RecipientAddress = recipient.Address?.Trim();
            rows.Add(row);
        }
        // A campaign queues tens of thousands of rows at once: the provider's bulk path, in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await providerSql.InsertOutboxAsync(db, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        return recipients.Count;
    }

    private static bool IsPlainAddress(string address) =>
        address.Length <= 320 && !address.Any(char.IsControl)
        && MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address.Trim() && parsed.Address.Contains('@');
}
