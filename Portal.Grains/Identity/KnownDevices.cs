using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Identity;

namespace Portal.Grains.Identity;

/// <summary>The browsers (by a hash of their device cookie) and addresses each account has signed in from.</summary>
public interface IKnownDevices
{
    /// <summary>Records a completed sign-in and says whether it came from somewhere new: a browser the account has not
    /// used, or an address none of its other second-factor sessions came from. The account's very first sign-in is
    /// expected, never new.</summary>
    Task<bool> RecordSignInAsync(Guid userId, string deviceHash, string? address, Guid currentSession);
}

public sealed class KnownDevices(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IKnownDevices
{
    public async Task<bool> RecordSignInAsync(Guid userId, string deviceHash, string? address, Guid currentSession)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        var device = await db.KnownDevices.SingleOrDefaultAsync(d => d.UserId == userId && d.DeviceHash == deviceHash);
        var firstEver = device is null && !await db.KnownDevices.AnyAsync(d => d.UserId == userId);
        var addressSeen = await db.UserSessions.AnyAsync(s => s.UserId == userId && s.Id != currentSession && s.ClientAddress == address && s.SecondFactorUtc != null);

        if (device is null)
            db.KnownDevices.Add(new KnownDevice { Id = Guid.NewGuid(), UserId = userId, DeviceHash = deviceHash, FirstSeenUtc = now, LastSeenUtc = now, LastAddress = address });
        else
        {
            device.LastSeenUtc = now;
            device.LastAddress = address;
        }
        await db.SaveChangesAsync();
        return !firstEver && (device is null || !addressSeen);
    }
}
