using System.Security.Cryptography;
using System.Text;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Data.Outbox;

namespace Portal.Web.Security;

/// <summary>
/// Recognises the browsers and addresses an account signs in from. A completed sign-in from a
/// browser or address the account has not used before sends its owner a notice (no PHI).
/// </summary>
public sealed class NewSignInDetector(IKnownDevices devices, OutboxWriter outbox, IAuditLog audit, IWebHostEnvironment environment)
{
    public const string CookieName = "portal.device";

    public async Task OnSignInAsync(HttpContext context, Guid userId, Guid currentSession)
    {
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

        // The very first sign-in of an account is expected; after that, anything unseen is worth telling.
        if (await devices.RecordSignInAsync(userId, deviceHash, address, currentSession))
        {
            await outbox.EnqueueAsync(OutboxKind.NewSignIn, userId);
            await audit.WriteAsync(new AuditRecord(AuditActions.NewSignInNotified, AuditOutcomes.Success, new AuditActor(userId, "account", address)));
        }
    }
}
