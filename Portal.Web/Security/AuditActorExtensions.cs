using System.Security.Claims;
using Portal.Grains.Audit;
using Portal.Grains.Identity;

namespace Portal.Web.Security;

public static class AuditActorExtensions
{
    /// <summary>The signed-in user as an audit actor, with the client address the request came from.</summary>
    public static AuditActor ToAuditActor(this HttpContext context) =>
        new(context.User.UserId(), context.User.PortalRole(), context.Connection.RemoteIpAddress?.ToString());

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    /// <summary>The most privileged role the user holds.</summary>
    public static string PortalRole(this ClaimsPrincipal user) =>
        new[] { PortalRoles.Admin, PortalRoles.Staff, PortalRoles.Marketer, PortalRoles.Patient }.FirstOrDefault(user.IsInRole) ?? "none";
}
