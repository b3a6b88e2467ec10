using Portal.Messaging.Delivery;
using Portal.Tests.Messaging.Protection;

namespace Portal.Tests.Messaging.Delivery;

public sealed class TokenBucketTests
{
    private readonly MutableClock _clock = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_burst_goes_at_once_then_each_caller_waits_for_its_own_token()
    {
        var bucket = new TokenBucket(ratePerSecond: 2, capacity: 2, _clock);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve());
    }

    [Fact]
    public void Tokens_refill_with_time_but_never_beyond_the_capacity()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, capacity: 3, _clock);
        for (var i = 0; i < 3; i++) bucket.Reserve();

        _clock.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve());

        _clock.Now += TimeSpan.FromHours(1);
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.True(bucket.Reserve() > TimeSpan.Zero);
    }

    [Fact]
    public void A_refunded_token_can_be_used_again()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, capacity: 1, _clock);
        bucket.Reserve();
        bucket.Refund();
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
    }

    [Fact]
    public void A_throttling_receiver_halves_the_rate_for_a_while_then_it_recovers()
    {
        var bucket = new TokenBucket(ratePerSecond: 4, capacity: 4, _clock);
        bucket.SlowDown(TimeSpan.FromMinutes(10));
        Assert.Equal(2, bucket.CurrentRate);
        // The burst is spent: the next message waits its turn at the halved rate.
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Reserve());
        bucket.SlowDown(TimeSpan.FromMinutes(10));
        Assert.Equal(1, bucket.CurrentRate);
        for (var i = 0; i < 10; i++) bucket.SlowDown(TimeSpan.FromMinutes(10));
        Assert.Equal(0.25, bucket.CurrentRate); // never below a sixteenth

        _clock.Now += TimeSpan.FromMinutes(11);
        Assert.Equal(4, bucket.CurrentRate);
    }

    [Theory]
    [InlineData(421, "4.7.0", true)]
    [InlineData(421, null, true)]
    [InlineData(451, "4.7.28", true)]
    [InlineData(450, "4.2.1", false)]
    [InlineData(535, "4.7.8", false)]
    public void Throttling_replies_are_told_from_other_deferrals(int code, string? enhanced, bool throttling) =>
        Assert.Equal(throttling, DeliveryOutcome.Temporary(code, enhanced, "deferred").IsThrottling);
}
