using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Delivery;
using Portal.Tests.Infrastructure;
using Portal.Data.Delivery;

namespace Portal.Tests.Grains.Delivery;

/// <summary>
/// A receiving server that answers 4xx, drops connections and stalls: every message still arrives,
/// and only one the server stored without the sender hearing so (a stall) may arrive twice.
/// </summary>
public sealed class FaultySinkTests
{
    [Fact]
    public async Task Temporary_failures_dropped_connections_and_stalls_lose_nothing_and_duplicate_only_unanswered_messages()
    {
        const int count = 300;
        // The first time a message comes, every tenth answers 451, drops the connection or stalls, by its hash.
        await using var sink = new CountingSmtpSink((id, seenBefore) => seenBefore > 0 ? SinkAnswer.Accept : (Math.Abs(id.GetHashCode()) % 10) switch
        {
            3 => SinkAnswer.TryLater,
            5 => SinkAnswer.Drop,
            7 => SinkAnswer.StoreThenStall,
            _ => SinkAnswer.Accept,
        });
        var portal = PortalFactory.With(DeliveryDb.MarketingSettings(new()
        {
            ["Smtp:Port"] = sink.Port.ToString(),
            ["Delivery:Pool:TimeoutSeconds"] = "1",
            ["Delivery:RetryFirstDelay"] = "00:00:00.200",
            ["Delivery:RetryMaxDelay"] = "00:00:01",
            ["Delivery:Pool:MessagesPerSecondPerDomain"] = "100000",
            ["Delivery:Pool:BurstPerDomain"] = "1000",
        }));
        await using var running = await portal.StartAsync();
        var mail = portal.Services.GetRequiredService<MarketingMail>();
        var content = await mail.CreateContentAsync(Guid.NewGuid(), "Faults", "Hello {{name}} {{unsubscribe}}");
        await mail.EnqueueAsync(content, [.. Enumerable.Range(0, count).Select(i => new MarketingRecipient(Guid.NewGuid(), $"m{i}@example.test"))]);

        await DeliveryDb.EventuallyAsync(() => portal.QueryAsync(db => db.Outbox.CountAsync(r => r.ReferenceId == content && r.SentUtc != null)).ContinueWith(t => t.Result == count),
            seconds: 50, what: "every row marked sent");

        var rows = await portal.QueryAsync(db => db.Outbox.Where(r => r.ReferenceId == content).Select(r => new { r.Id, r.Attempts }).ToListAsync());
        var ids = rows.Select(r => $"{r.Id:N}@portal.localhost").ToHashSet();
        Assert.All(ids, id => Assert.True(sink.Stored.ContainsKey(id), $"lost {id}"));
        var duplicates = sink.Stored.Where(s => s.Value > 1).Select(s => s.Key).ToList();
        Assert.All(duplicates, id => Assert.Contains(id, sink.Stalled));
        Assert.All(sink.Stored.Values, n => Assert.InRange(n, 1, 2));
        Assert.Contains(rows, r => r.Attempts > 1);
        var deferred = await portal.QueryAsync(db => db.DeliveryEvents.CountAsync(e => e.ReferenceId == content && e.Kind == DeliveryEventKind.Deferred));
        Assert.True(deferred > 0);
    }
}
