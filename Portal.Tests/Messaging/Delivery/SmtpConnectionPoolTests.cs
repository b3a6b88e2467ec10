using System.Diagnostics;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;
using Portal.Tests.Messaging.Protection;
using static Portal.Tests.Messaging.Delivery.DeliveryTestData;

namespace Portal.Tests.Messaging.Delivery;

public sealed class SmtpConnectionPoolTests
{
    [Fact]
    public async Task Many_messages_go_over_one_reused_session()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();
        var reused = 0;
        for (var i = 0; i < 30; i++)
        {
            await using var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);
            if (lease.IsReused) reused++;
            Assert.Equal(DeliveryStatus.Delivered, (await lease.SendAsync(Message(i), CancellationToken.None)).Status);
        }

        Assert.Equal(30, server.Messages.Count);
        Assert.Equal(1, server.Sessions);
        Assert.Equal(29, reused);
        Assert.Equal(new SmtpPoolCounts(1, 1, 0), pool.CountsFor("example.org"));
    }

    [Fact]
    public async Task A_batch_goes_over_one_session_and_a_refused_message_does_not_stop_the_rest()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();
        var batch = Enumerable.Range(0, 10).Select(i => Message(i, i == 3 ? "gone3@example.org" : "patient@example.org")).ToList();

        await using (var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
        {
            var outcomes = await lease.SendBatchAsync(batch, CancellationToken.None);
            Assert.Equal(DeliveryStatus.PermanentFailure, outcomes[3].Status);
            Assert.Equal(9, outcomes.Count(o => o.Status == DeliveryStatus.Delivered));
            Assert.False(lease.IsBroken);
        }

        Assert.Equal(9, server.Messages.Count);
        Assert.Equal(1, server.Sessions);
    }

    [Fact]
    public async Task A_lease_marked_broken_is_closed_and_replaced_not_lent_again()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();

        await using (var first = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
        {
            await first.SendAsync(Message(1), CancellationToken.None);
            first.MarkBroken();
        }
        Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));
        Assert.True(await TestSmtpServer.EventuallyAsync(() => server.EndedSessions == 1));

        await using (var second = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
        {
            Assert.False(second.IsReused);
            Assert.Equal(DeliveryStatus.Delivered, (await second.SendAsync(Message(2), CancellationToken.None)).Status);
        }
        Assert.Equal(2, server.Sessions);
    }

    [Fact]
    public async Task A_session_the_server_dropped_fails_one_send_as_temporary_and_is_then_replaced()
    {
        var sink = new SmtpSink();
        var port = sink.Port;
        await using var pool = Pool();
        try
        {
            await using (var lease = await pool.AcquireAsync(Loopback(port), CancellationToken.None))
                Assert.Equal(DeliveryStatus.Delivered, (await lease.SendAsync(Message(1), CancellationToken.None)).Status);

            // The server goes away under the idle session (a restart, or its idle timeout) and comes back.
            sink.Dispose();
            sink = new SmtpSink(port);

            await using (var lease = await pool.AcquireAsync(Loopback(port), CancellationToken.None))
            {
                Assert.True(lease.IsReused);
                var outcome = await lease.SendAsync(Message(2), CancellationToken.None);
                Assert.Equal(DeliveryStatus.TemporaryFailure, outcome.Status);
                Assert.True(lease.IsBroken);
            }
            Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));

            await using (var lease = await pool.AcquireAsync(Loopback(port), CancellationToken.None))
            {
                Assert.False(lease.IsReused);
                Assert.Equal(DeliveryStatus.Delivered, (await lease.SendAsync(Message(3), CancellationToken.None)).Status);
            }
        }
        finally
        {
            sink.Dispose();
        }
    }

    [Fact]
    public async Task Idle_sessions_expire()
    {
        var clock = new MutableClock(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => o.IdleTimeoutSeconds = 30, clock);
        await using (var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
            await lease.SendAsync(Message(1), CancellationToken.None);

        clock.Now += TimeSpan.FromSeconds(29);
        await pool.SweepIdleAsync();
        Assert.Equal(1, pool.CountsFor("example.org").Idle);

        clock.Now += TimeSpan.FromSeconds(2);
        await pool.SweepIdleAsync();
        Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));
        Assert.True(await TestSmtpServer.EventuallyAsync(() => server.EndedSessions == 1));

        await using (var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
            Assert.False(lease.IsReused);
        Assert.Equal(2, server.Sessions);
    }

    [Fact]
    public async Task An_expired_idle_session_is_not_lent_even_before_the_sweeper_runs()
    {
        var clock = new MutableClock(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => o.IdleTimeoutSeconds = 30, clock);
        await using (var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
            await lease.SendAsync(Message(1), CancellationToken.None);

        clock.Now += TimeSpan.FromSeconds(31);
        await using (var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None))
            Assert.False(lease.IsReused);
        Assert.Equal(2, server.Sessions);
        Assert.Equal(1, pool.CountsFor("example.org").Open);
    }

    [Fact]
    public async Task The_per_domain_connection_limit_holds_under_concurrency()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => o.MaxConnectionsPerDomain = 2);
        var peak = 0;
        var leased = 0;

        var senders = Enumerable.Range(0, 12).Select(async i =>
        {
            await using var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);
            var now = Interlocked.Increment(ref leased);
            InterlockedMax(ref peak, now);
            var outcome = await lease.SendAsync(Message(i), CancellationToken.None);
            await Task.Delay(40);
            Interlocked.Decrement(ref leased);
            return outcome;
        }).ToList();
        var outcomes = await Task.WhenAll(senders);

        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Delivered, o.Status));
        Assert.Equal(2, peak);
        Assert.Equal(2, server.MaxConcurrentSessions);
        Assert.Equal(2, server.Sessions);
        Assert.Equal(12, server.Messages.Count);
    }

    [Fact]
    public async Task A_waiting_caller_can_give_up()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => o.MaxConnectionsPerDomain = 1);
        await using var held = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pool.AcquireAsync(Loopback(server.Port), cancel.Token));
        Assert.Equal(new SmtpPoolCounts(1, 0, 0), pool.CountsFor("example.org"));
    }

    [Fact]
    public async Task The_send_rate_per_domain_is_limited()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => { o.MessagesPerSecondPerDomain = 20; o.BurstPerDomain = 1; });
        await using var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 11; i++) await lease.Client.SendAsync(Message(i));
        watch.Stop();

        // One token at once, then one every 50 ms: ten waits.
        Assert.InRange(watch.ElapsedMilliseconds, 450, 5000);
        Assert.Equal(11, server.Messages.Count);
    }

    [Fact]
    public async Task A_session_is_replaced_after_the_most_messages_it_may_carry()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool(o => o.MaxMessagesPerConnection = 3);
        for (var i = 0; i < 7; i++)
        {
            await using var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);
            await lease.SendAsync(Message(i), CancellationToken.None);
        }
        Assert.Equal(3, server.Sessions);
    }

    [Fact]
    public async Task Server_replies_4xx_are_temporary_5xx_permanent_and_the_session_survives_both()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();
        await using var lease = await pool.AcquireAsync(Loopback(server.Port), CancellationToken.None);

        var temporary = await lease.SendAsync(Message(1, "temp.patient@example.org"), CancellationToken.None);
        var permanent = await lease.SendAsync(Message(2, "gone.patient@example.org"), CancellationToken.None);
        var delivered = await lease.SendAsync(Message(3), CancellationToken.None);

        Assert.Equal(DeliveryStatus.TemporaryFailure, temporary.Status);
        Assert.Equal(451, temporary.ReplyCode);
        Assert.Equal("4.3.0", temporary.EnhancedStatusCode);
        Assert.Equal(DeliveryStatus.PermanentFailure, permanent.Status);
        Assert.Equal(550, permanent.ReplyCode);
        Assert.Equal("5.1.1", permanent.EnhancedStatusCode);
        Assert.DoesNotContain("patient", permanent.Detail + temporary.Detail + permanent + temporary);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.False(lease.IsBroken);
        Assert.Equal(1, server.Sessions);
    }

    [Fact]
    public async Task Clear_text_to_a_remote_host_is_refused_before_connecting()
    {
        await using var pool = Pool();
        var destination = new SmtpDestination("mx.example.org", 25, SmtpSecurity.None, "example.org");

        var ex = await Assert.ThrowsAsync<SecureTransportUnavailableException>(async () => await pool.AcquireAsync(destination, CancellationToken.None));
        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(ex).Status);
        Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));
    }

    [Fact]
    public async Task A_failed_connect_gives_its_slot_back()
    {
        await using var pool = Pool(o => o.MaxConnectionsPerDomain = 1);
        var nobody = Loopback(Infrastructure.FreePort.Next());
        for (var i = 0; i < 3; i++)
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () => await pool.AcquireAsync(nobody, CancellationToken.None));
            Assert.Equal(DeliveryStatus.TemporaryFailure, DeliveryOutcomeClassifier.Classify(ex).Status);
        }
        Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
