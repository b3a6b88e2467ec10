namespace Portal.Messaging.Delivery;

/// <summary>
/// When to try a temporarily failed message again: exponential backoff with jitter, capped,
/// and a maximum age after which the message is failed (RFC 5321 suggests giving up after 4-5 days).
/// </summary>
public sealed class RetrySchedule
{
    /// <summary>Creates a schedule; null arguments take the defaults (5 minutes, 2 hours, 5 days).</summary>
    public RetrySchedule(TimeSpan? firstDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxAge = null)
    {
        FirstDelay = firstDelay ?? TimeSpan.FromMinutes(5);
        MaxDelay = maxDelay ?? TimeSpan.FromHours(2);
        MaxAge = maxAge ?? TimeSpan.FromDays(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, FirstDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxAge, TimeSpan.Zero);
    }

    /// <summary>Delay before the second attempt, before jitter.</summary>
    public TimeSpan FirstDelay { get; }

    /// <summary>Longest delay between two attempts, before jitter.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Age (since the first attempt) after which the message is failed.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>
    /// Delay after <paramref name="attempts"/> failed attempts: the capped exponential delay, half
    /// of it fixed and half random, so a receiver that was down is not hit by every queued message
    /// at once yet no retry comes back almost immediately.
    /// </summary>
    public TimeSpan Next(int attempts, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        var doublings = Math.Min(attempts - 1, 30);
        var ceiling = Math.Min(FirstDelay.TotalSeconds * Math.Pow(2, doublings), MaxDelay.TotalSeconds);
#pragma warning disable CA5394 // jitter spreads retries out; nothing depends on it being unpredictable
        return TimeSpan.FromSeconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
#pragma warning restore CA5394
    }

    /// <summary>
    /// When to make the next attempt, or null when the message is too old and must be failed.
    /// The last retry is pulled in to the deadline rather than skipped.
    /// </summary>
    public DateTimeOffset? NextAttemptAt(int attempts, DateTimeOffset firstAttempt, DateTimeOffset now, Random random)
    {
        var deadline = firstAttempt + MaxAge;
        if (now >= deadline) return null;
        var next = now + Next(attempts, random);
        return next < deadline ? next : deadline;
    }
}
