using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Outbox;

namespace Portal.Grains.Delivery;

/// <summary>
/// A new marketing domain's daily volume ramp: the first day's volume, growing by a factor a day until the ramp
/// passes a million a day, after which there is no limit. Counted from the outbox in the database, so every node
/// keeps to the same day's total.
/// </summary>
public sealed class SendingWarmUp(MarketingPoolOptions options)
{
    public const int Unlimited = int.MaxValue;

    /// <summary>How many marketing messages the day may carry (<see cref="Unlimited"/> once warmed up or without a ramp).</summary>
    public int DailyLimit(DateOnly day)
    {
        if (options.WarmUpStarted is not { } started) return Unlimited;
        var days = Math.Max(0, day.DayNumber - started.DayNumber);
        var limit = options.WarmUpFirstDayVolume * Math.Pow(options.WarmUpDailyGrowth, days);
        return limit >= 1_000_000 ? Unlimited : (int)limit;
    }

    private readonly SemaphoreSlim _leasing = new(1, 1);

    /// <summary>
    /// Leases at most what today (UTC) still allows, counting what has been sent and what other workers hold: one
    /// lease at a time on this node, so its workers never share out the same remainder twice. (Nodes of a cluster may
    /// each lease the last remainder at once: the overshoot is at most a batch per node.)
    /// </summary>
    public async Task<int> LeaseWithinTodayAsync(PortalDbContext db, DateTime nowUtc, int batchSize, Func<int, Task<int>> lease, CancellationToken cancellationToken)
    {
        var limit = DailyLimit(DateOnly.FromDateTime(nowUtc));
        if (limit == Unlimited) return await lease(batchSize);
        await _leasing.WaitAsync(cancellationToken);
        try
        {
            var midnight = nowUtc.Date;
            var used = await db.Outbox.CountAsync(r => r.Pool == OutboxPool.Marketing
                && (r.SentUtc >= midnight || (r.LeaseToken != null && r.SentUtc == null && r.FailedUtc == null && r.LeaseUntilUtc > nowUtc)), cancellationToken);
            var batch = Math.Min(batchSize, limit - used);
            return batch <= 0 ? 0 : await lease(batch);
        }
        finally
        {
            _leasing.Release();
        }
    }
}
