namespace Portal.Tests.Messaging.Protection;

/// <summary>A clock the test moves by hand.</summary>
public sealed class MutableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
