namespace Portal.Data;

/// <summary>
/// The system clock read to whole microseconds, the finest a PostgreSQL timestamp holds. A time taken from it is stored
/// and read back unchanged on every provider, which sealed records (whose signature covers their time) and the
/// read-your-own-write checks rely on. Records written earlier keep their finer SQLite times and verify as before.
/// </summary>
public sealed class MicrosecondTimeProvider : TimeProvider
{
    public static new MicrosecondTimeProvider System { get; } = new();

    private MicrosecondTimeProvider() { }

    public override DateTimeOffset GetUtcNow()
    {
        var now = TimeProvider.System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
