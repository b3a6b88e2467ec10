namespace Portal.Grains.Outbox;

/// <summary>Wakes every idle delivery worker as soon as a row is committed, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Notify"/>. Take it before looking at the outbox, so a row committed meanwhile is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Next.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
