using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Grains.Outbox;
using Portal.Tests.Infrastructure;
using Portal.Tests.Messaging.Delivery;
using Portal.Tests.Messaging.Protection;
using Portal.Data.Delivery;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// Retries on a fake clock: the rows are queued years ahead of the real clock, so the portal's own
/// workers never see them due and only the dispatcher driven here sends them.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private readonly TestSmtpServer _server = new();
    private readonly PortalFactory _portal;
    private readonly MutableClock _clock = new(new DateTimeOffset(2031, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public RetryTests() => _portal = PortalFactory.With(DeliveryDb.MarketingSettings(new()
    {
        ["Smtp:Port"] = _server.Port.ToString(),
        ["Delivery:RetryFirstDelay"] = "00:05:00",
        ["Delivery:RetryMaxDelay"] = "02:00:00",
    }));

    public Task InitializeAsync() => ((IAsyncLifetime)_portal).InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_portal).DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_4xx_is_retried_with_growing_jittered_delays_until_the_max_age_then_failed_with_the_last_reply()
    {
        var (dispatcher, rowId) = await QueueAsync($"temp-{Guid.NewGuid():N}@example.test");
        var delays = new List<TimeSpan>();
        while (true)
        {
            await dispatcher.DispatchDueAsync(Portal.Data.Outbox.OutboxPool.Marketing, CancellationToken.None);
            var row = await _portal.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Id == rowId));
            if (row.FailedUtc is not null)
            {
                Assert.StartsWith("Gave up after 5 days; last reply: 451", row.LastError);
                Assert.Null(row.SentUtc);
                break;
            }
            Assert.Null(row.LeaseToken);
            var delay = row.NextAttemptUtc - _clock.Now.UtcDateTime;
            delays.Add(delay);
            _clock.Now = new DateTimeOffset(row.NextAttemptUtc, TimeSpan.Zero);
            Assert.True(delays.Count < 200, "never gave up");
        }

        // Half fixed, half random: 2.5-5 minutes first, doubling, capped at 2 hours; the last pulled in to the deadline.
        Assert.InRange(delays[0], TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(5));
        Assert.InRange(delays[1], TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromHours(2)));
        Assert.InRange(delays.Count, 60, 130);
        var events = await _portal.QueryAsync(db => db.DeliveryEvents.Where(e => e.OutboxId == rowId).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(delays.Count, events.Count(k => k == DeliveryEventKind.Deferred));
        Assert.Equal(DeliveryEventKind.Failed, events[^1]);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task A_5xx_fails_at_once_and_an_unknown_mailbox_is_suppressed_for_every_later_send()
    {
        var address = $"gone-{Guid.NewGuid():N}@example.test";
        var (dispatcher, rowId) = await QueueAsync(address);
        await dispatcher.DispatchDueAsync(Portal.Data.Outbox.OutboxPool.Marketing, CancellationToken.None);

        var row = await _portal.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Id == rowId));
        Assert.NotNull(row.FailedUtc);
        Assert.Equal(1, row.Attempts);
        Assert.StartsWith("550", row.LastError);
        Assert.DoesNotContain(address, row.LastError);
        // Kept by the address's keyed token, never the address.
        var token = await _portal.Services.GetRequiredService<Portal.Grains.Identity.AccountEmails>().LookupTokenAsync(address);
        var suppressed = await _portal.QueryAsync(db => db.SuppressedAddresses.SingleAsync(s => s.Address == token));
        Assert.Equal(SuppressionReason.HardBounce, suppressed.Reason);

        var sessions = _server.Sessions;
        var (_, second) = await QueueAsync(address.ToUpperInvariant());
        await dispatcher.DispatchDueAsync(Portal.Data.Outbox.OutboxPool.Marketing, CancellationToken.None);
        var secondRow = await _portal.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Id == second));
        Assert.NotNull(secondRow.FailedUtc);
        Assert.StartsWith("No mail sent: the address is suppressed (hard bounce", secondRow.LastError);
        Assert.Equal(sessions, _server.Sessions);
    }

    [Fact]
    public async Task A_throttling_reply_defers_the_mail_and_slows_the_domain_down()
    {
        var pool = _portal.Services.GetRequiredService<Portal.Messaging.Delivery.SmtpConnectionPool>();
        var rate = _portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Portal.Messaging.Delivery.SmtpPoolOptions>>().Value.MessagesPerSecondPerDomain;
        var (dispatcher, rowId) = await QueueAsync($"busy-{Guid.NewGuid():N}@example.test");
        await dispatcher.DispatchDueAsync(Portal.Data.Outbox.OutboxPool.Marketing, CancellationToken.None);

        var row = await _portal.QueryAsync(db => db.Outbox.AsNoTracking().SingleAsync(r => r.Id == rowId));
        Assert.Null(row.FailedUtc);
        Assert.StartsWith("421", row.LastError);
        Assert.Equal(rate / 2, pool.RateFor(new Portal.Messaging.Delivery.SmtpDestination("127.0.0.1", _server.Port, Portal.Messaging.Sending.SmtpSecurity.None, "127.0.0.1")));
        Assert.Equal(0, await _portal.QueryAsync(db => db.SuppressedAddresses.CountAsync()));
    }

    private async Task<(OutboxDispatcher Dispatcher, Guid RowId)> QueueAsync(string address)
    {
        var services = _portal.Services;
        var mail = ActivatorUtilities.CreateInstance<MarketingMail>(services, (TimeProvider)_clock);
        var content = await mail.CreateContentAsync(Guid.NewGuid(), "Retry", "body {{unsubscribe}}");
        await mail.EnqueueAsync(content, [new MarketingRecipient(Guid.NewGuid(), address)]);
        var rowId = await _portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == content).Select(r => r.Id).SingleAsync());
        return (ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, (TimeProvider)_clock), rowId);
    }
}
