namespace Portal.Grains.Delivery;

/// <summary>Spaces sends evenly at a rate per second, shared by every worker of a pool on this silo.</summary>
public sealed class SendPace(double perSecond, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private long _next;

    /// <summary>Waits for the next slot; returns at once when there is no limit.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (perSecond <= 0) return;
        TimeSpan wait;
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            if (_next < now) _next = now;
            wait = clock.GetElapsedTime(now, _next);
            _next += (long)(clock.TimestampFrequency / perSecond);
        }
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
    }
}
