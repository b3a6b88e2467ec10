using System.Collections.Concurrent;
using OtpNet;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Authenticator codes as a user's app would show them. The portal spends each time step once,
/// so a second sign-in by the same account uses the next step (within the allowed drift) or waits for it.
/// </summary>
public static class TotpCodes
{
    private static readonly ConcurrentDictionary<string, long> LastStep = new();

    public static string At(string secret, long step) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);

    public static long CurrentStep => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    public static async Task<string> FreshAsync(string secret)
    {
        while (true)
        {
            var current = CurrentStep;
            var step = Math.Max(current, LastStep.GetValueOrDefault(secret, long.MinValue) + 1);
            if (step <= current + 1)
            {
                LastStep[secret] = step;
                return At(secret, step);
            }
            await Task.Delay(1000);
        }
    }

    /// <summary>Records that a code for this step was used outside <see cref="FreshAsync"/>.</summary>
    public static void MarkUsed(string secret, long step) =>
        LastStep.AddOrUpdate(secret, step, (_, old) => Math.Max(old, step));
}
