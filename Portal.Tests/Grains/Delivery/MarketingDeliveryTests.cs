using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Data.Delivery;

namespace Portal.Tests.Grains.Delivery;

public sealed class MarketingDeliveryTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = PortalFactory.With(DeliveryDb.MarketingSettings());

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();
    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    private MarketingMail Mail => _portal.Services.GetRequiredService<MarketingMail>();

    [Fact]
    public async Task Each_recipient_gets_a_personalised_message_with_one_click_unsubscribe_and_a_stable_message_id()
    {
        var list = Guid.NewGuid();
        var content = await Mail.CreateContentAsync(list, "Flu clinics are open", "Hello {{name}}, book here: {{link}}\nLeave this list: {{unsubscribe}}");
        var recipients = Enumerable.Range(0, 3).Select(i => new MarketingRecipient(Guid.NewGuid(), $"member{i}-{Guid.NewGuid():N}@example.test")).ToList();

        Assert.Equal(3, await Mail.EnqueueAsync(content, recipients));

        foreach (var recipient in recipients)
        {
            var mail = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == recipient.Address));
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
            Assert.StartsWith($"<{PortalFactory.PortalBaseUrl}/unsubscribe/", mail.Headers["List-Unsubscribe"]);
            var row = await _portal.QueryAsync(db => db.Outbox.SingleAsync(r => r.RecipientAddress == recipient.Address));
            Assert.Equal($"{row.Id:N}@portal.localhost", mail.MessageId);
            Assert.Contains($"?m={row.Id:N}", mail.TextBody);
        }
        await DeliveryDb.EventuallyAsync(async () => (await _portal.Services.GetRequiredService<DeliveryHistory>().CountsAsync(content)).GetValueOrDefault(DeliveryEventKind.Sent) == 3, what: "three sent events");
        var counts = await _portal.Services.GetRequiredService<DeliveryHistory>().CountsAsync(content);
        Assert.Equal(3, counts[DeliveryEventKind.Queued]);
    }

    [Fact]
    public async Task One_click_post_unsubscribes_and_later_mail_of_that_list_is_not_sent()
    {
        var list = Guid.NewGuid();
        var member = new MarketingRecipient(Guid.NewGuid(), $"leaver-{Guid.NewGuid():N}@example.test");
        var content = await Mail.CreateContentAsync(list, "News", "Hi {{name}} {{unsubscribe}}");
        await Mail.EnqueueAsync(content, [member]);
        var first = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == member.Address));
        var url = first.Headers["List-Unsubscribe"]!.Split(',')[0].Trim('<', '>', ' ');
        var path = new Uri(url).AbsolutePath;

        var client = _portal.NewClient();
        var forged = await client.Http.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(path)).StatusCode);
        Assert.Equal(0, await _portal.QueryAsync(db => db.ListUnsubscriptions.CountAsync(u => u.RecipientId == member.RecipientId)));
        var oneClick = await client.Http.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(1, await _portal.QueryAsync(db => db.ListUnsubscriptions.CountAsync(u => u.RecipientId == member.RecipientId && u.ListId == list)));

        var second = await Mail.CreateContentAsync(list, "More news", "Hi again {{unsubscribe}}");
        await Mail.EnqueueAsync(second, [member]);
        await DeliveryDb.EventuallyAsync(() => _portal.QueryAsync(db => db.DeliveryEvents.AnyAsync(e => e.ReferenceId == second && e.Kind == DeliveryEventKind.Withdrawn)), what: "the withdrawn event");
        Assert.Single(_portal.Smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == member.Address));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_queued()
    {
        var list = Guid.NewGuid();
        await Assert.ThrowsAsync<ArgumentException>(() => Mail.CreateContentAsync(list, "Subject\r\nBcc: all@example.test", "x {{unsubscribe}}"));
        await Assert.ThrowsAsync<ArgumentException>(() => Mail.CreateContentAsync(list, "No unsubscribe link", "Buy now"));
        var content = await Mail.CreateContentAsync(list, "Fine", "ok {{unsubscribe}}");
        var before = await _portal.QueryAsync(db => db.Outbox.CountAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => Mail.EnqueueAsync(content,
            [new(Guid.NewGuid(), "good@example.test"), new(Guid.NewGuid(), "evil@example.test\r\nRCPT TO:<x@example.test>")]));
        Assert.Equal(before, await _portal.QueryAsync(db => db.Outbox.CountAsync()));
    }
}
