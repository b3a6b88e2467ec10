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
}
