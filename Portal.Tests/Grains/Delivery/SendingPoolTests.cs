using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Outbox;
using Portal.Grains.Delivery;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// Marketing mail goes through its own pool: its own From address, at its own pace, and care mail queued behind a
/// campaign still leaves at once.
/// </summary>
public sealed class SendingPoolTests : IAsyncLifetime
{
    private const double MarketingPerSecond = 4;

    private readonly PortalFactory _portal = PortalFactory.With(DeliveryDb.MarketingSettings(new()
    {
        ["Delivery:Marketing:MessagesPerSecond"] = MarketingPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Delivery:Marketing:FromAddress"] = "news@mail.clinic.example",
    }));

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_portal).DisposeAsync();

    [Fact]
    public async Task Care_mail_overtakes_a_paced_campaign_that_sends_from_its_own_address()
    {
        var mail = _portal.Services.GetRequiredService<MarketingMail>();
        var content = await mail.CreateContentAsync(Guid.NewGuid(), "Flu clinics are open", "Book here: {{link}}\nLeave: {{unsubscribe}}");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var members = Enumerable.Range(0, 40).Select(i => new MarketingRecipient(Guid.NewGuid(), $"m{i}-{marker}@example.test")).ToList();
        await mail.EnqueueAsync(content, members);
        var first = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address.EndsWith($"-{marker}@example.test")));
        Assert.Equal("news@mail.clinic.example", first.From.Mailboxes.Single().Address);

        // Queued after forty campaign mails, a care notice arrives while most of the campaign still waits.
        var staff = await _portal.CreateAccountAsync(PortalRoles.Staff);
        var started = DateTime.UtcNow;
        await _portal.Services.GetRequiredService<OutboxWriter>().EnqueueAsync(OutboxKind.PasswordChanged, staff.Id);
        var notice = await _portal.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == staff.Email), TimeSpan.FromSeconds(5));
        Assert.NotEqual("news@mail.clinic.example", notice.From.Mailboxes.Single().Address);
        var elapsed = DateTime.UtcNow - started;
        var campaignSent = Sent(marker);
        Assert.True(campaignSent < members.Count / 2, $"{campaignSent} campaign mails had left when the notice arrived after {elapsed.TotalSeconds:0.0} s");

        // The pace holds: over two more seconds, about MarketingPerSecond a second (with room for a slow machine).
        var before = Sent(marker);
        await Task.Delay(2000);
        Assert.InRange(Sent(marker) - before, 1, (int)(2 * MarketingPerSecond) + 2);
    }

    private int Sent(string marker) => _portal.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address.EndsWith($"-{marker}@example.test")));
}
