namespace Portal.Messaging.Delivery;

/// <summary>
/// Send-rate limit for one destination: <c>capacity</c> messages may go back to back,
/// then <c>ratePerSecond</c>. Callers reserve a token and are told how long to wait for it, so
/// concurrent senders queue in order instead of polling.
/// </summary>
public sealed class TokenBucket
{
    private readonly object _lock = new();
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private double _tokens;
    private DateTimeOffset _updated;
    private double _factor = 1;
    private DateTimeOffset _slowUntil;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(double ratePerSecond, int capacity, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ratePerSecond = ratePerSecond;
        _capacity = capacity;
        _clock = clock;
        _tokens = capacity;
        _updated = clock.GetUtcNow();
    }

    /// <summary>Takes one token and returns how long the caller must wait before using it (zero when one was ready).</summary>
    public TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_factor < 1 && now >= _slowUntil) _factor = 1;
            var rate = _ratePerSecond * _factor;
            var elapsed = (now - _updated).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_capacity, _tokens + elapsed * rate);
                _updated = now;
            }
            _tokens -= 1;
            // A negative balance is the queue: each caller waits for its own token to be refilled.
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / rate);
        }
    }

    /// <summary>
    /// Halves the rate for <paramref name="period"/> (again on each call, down to a sixteenth) and spends the burst:
    /// a receiver that answers 421 or 4.7.x is asking the sender to slow down, not to give up.
    /// </summary>
    public void SlowDown(TimeSpan period)
    {
        lock (_lock)
        {
            _factor = Math.Max(1.0 / 16, _factor / 2);
            _slowUntil = _clock.GetUtcNow() + period;
            _tokens = Math.Min(_tokens, 0);
        }
    }

    /// <summary>The rate now, after any slowing down (messages per second).</summary>
    public double CurrentRate
    {
        get { lock (_lock) return _clock.GetUtcNow() >= _slowUntil ? _ratePerSecond : _ratePerSecond * _factor; }
    }

    /// <summary>Gives back a reserved token that was not used (the send was cancelled).</summary>
    public void Refund()
    {
        lock (_lock) _tokens = Math.Min(_capacity, _tokens + 1);
    }

    /// <summary>Waits until the caller may send one message.</summary>
    public async ValueTask TakeAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(wait, _clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Refund();
            throw;
        }
    }
}
