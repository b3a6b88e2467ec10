using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Grains.Audit;
using Portal.Grains.Outbox;
using Portal.Data.Identity;
using Portal.Data.Outbox;
using Portal.Data;

namespace Portal.Web.Security;

/// <summary>
/// Recognises the browsers and addresses an account signs in from. A completed sign-in from a
/// browser or address the account has not used before sends its owner a notice (no PHI).
/// </summary>
public sealed class NewSignInDetector(IDbContextFactory<PortalDbContext> dbFactory, OutboxWriter outbox, IAuditLog audit, TimeProvider clock, IWebHostEnvironment environment)
{
    public const string CookieName = "portal.device";

    public async Task OnSignInAsync(HttpContext context, Guid userId, Guid currentSession)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var address = context.Connection.RemoteIpAddress?.ToString();
        var deviceToken = context.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(deviceToken) || deviceToken.Length > 100)
        {
            deviceToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
            context.Response.Cookies.Append(CookieName, deviceToken, new CookieOptions
            {
                HttpOnly = true,
                Secure = !environment.IsDevelopment() || context.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                MaxAge = TimeSpan.FromDays(400),
                IsEssential = true,
            });
        }
        var deviceHash = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes("portal-device:" + deviceToken)));

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

        // The very first sign-in of an account is expected; after that, anything unseen is worth telling.
        if (!firstEver && (device is null || !addressSeen))
        {
            await outbox.EnqueueAsync(OutboxKind.NewSignIn, userId);
            await audit.WriteAsync(new AuditRecord(AuditActions.NewSignInNotified, AuditOutcomes.Success, new AuditActor(userId, "account", address)));
        }
    }
}
