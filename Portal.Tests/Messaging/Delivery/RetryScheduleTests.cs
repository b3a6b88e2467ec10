using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly RetrySchedule _schedule = new();

    [Theory]
    [InlineData(1, 0.0, 150)]      // 5 min ceiling, lowest jitter: half
    [InlineData(1, 1.0, 300)]      // highest jitter: the whole ceiling
    [InlineData(2, 0.5, 450)]      // 10 min ceiling: 5 + 2.5 min
    [InlineData(4, 0.0, 1200)]     // 40 min ceiling
    [InlineData(6, 1.0, 7200)]     // 160 min capped at 2 h
    [InlineData(40, 0.0, 3600)]    // far past the cap, no overflow
    public void Delays_double_with_jitter_up_to_the_cap(int attempts, double random, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), _schedule.Next(attempts, new FixedRandom(random)));
    }

    [Fact]
    public void Jitter_spreads_retries_with_a_real_random()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 50).Select(_ => _schedule.Next(3, random)).Distinct().ToList();
        Assert.True(delays.Count > 40);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void The_next_attempt_is_scheduled_from_now()
    {
        var now = Start.AddHours(3);
        Assert.Equal(now.AddMinutes(20), _schedule.NextAttemptAt(3, Start, now, new FixedRandom(1.0)));
    }

    [Fact]
    public void After_five_days_the_message_is_failed()
    {
        Assert.Null(_schedule.NextAttemptAt(60, Start, Start.AddDays(5), new FixedRandom(0.5)));
        Assert.NotNull(_schedule.NextAttemptAt(60, Start, Start.AddDays(5).AddMinutes(-1), new FixedRandom(0.5)));
    }

    [Fact]
    public void The_last_retry_is_pulled_in_to_the_deadline()
    {
        var now = Start.AddDays(5).AddMinutes(-10);
        Assert.Equal(Start.AddDays(5), _schedule.NextAttemptAt(60, Start, now, new FixedRandom(1.0)));
    }

    [Fact]
    public void The_maximum_age_is_configurable()
    {
        var schedule = new RetrySchedule(maxAge: TimeSpan.FromHours(1));
        Assert.Null(schedule.NextAttemptAt(2, Start, Start.AddHours(1), new FixedRandom(0)));
    }
}
