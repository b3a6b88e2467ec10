using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

/// <summary>
/// Walks every route the portal maps and checks that, without a completed second factor, nothing
/// but the sign-in, recovery and enrolment pages answers with content.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RouteWalkTests(PortalFactory portal)
{
    // Pages meant for people who are not (fully) signed in. Everything else must refuse them.
    private static readonly HashSet<string> Public = new(StringComparer.OrdinalIgnoreCase)
    {
        "/account/login", "/account/forgot-password", "/account/register", "/account/reset-password",
        "/account/complete-registration", "/account/denied", "/error", "/health/live", "/health/ready",
    };
    private static readonly HashSet<string> EnrolmentOnly = new(StringComparer.OrdinalIgnoreCase) { "/account/enrol-totp" };

    private List<string> Routes()
    {
        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "")
            .Where(p => !p.Contains('.') && !p.StartsWith("css", StringComparison.Ordinal) && !p.StartsWith("js", StringComparison.Ordinal) && !p.StartsWith("_", StringComparison.Ordinal))
            .Select(p => "/" + System.Text.RegularExpressions.Regex.Replace(p.TrimStart('/'), @"\{[^}]+\}", Guid.NewGuid().ToString()).TrimEnd('/').Replace("/" + Guid.Empty, ""))
            .Select(p => p == "/" ? p : p.TrimEnd('/'))
            .Distinct()
            .ToList();
        Assert.Contains("/messages", routes);
        Assert.Contains("/admin/audit", routes);
        Assert.True(routes.Count > 20, $"only {routes.Count} routes found");
        return routes;
    }

    private static async Task AssertNothingShownAsync(PortalClient client, string route, HashSet<string> allowed, string who)
    {
        var bare = route.Split('?')[0];
        if (allowed.Contains(bare))
            return;
        var response = await client.GetAsync(route);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        var refused = status is 401 or 403 or 404 or 405 or 400
            || (status == 302 && (location.Contains("/account/login") || location.Contains("/account/enrol-totp") || location.Contains("/account/denied")));
        Assert.True(refused, $"{who} got {status} {location} from {route}");
    }

    [Fact]
    public async Task Without_a_second_factor_every_other_route_refuses()
    {
        var routes = Routes();

        using var anonymous = portal.NewClient();
        foreach (var route in routes)
            await AssertNothingShownAsync(anonymous, route, Public, "an anonymous visitor");

        var halfway = await portal.CreateAccountAsync(PortalRoles.Admin, enrolTotp: false);
        using var passwordOnly = portal.NewClient();
        Assert.StartsWith("/account/enrol-totp", (await passwordOnly.SubmitPasswordAsync(halfway.Email, halfway.Password)).Headers.Location!.OriginalString);
        foreach (var route in routes)
            await AssertNothingShownAsync(passwordOnly, route, [.. Public, .. EnrolmentOnly], "a password-only session");
        Assert.Equal(HttpStatusCode.OK, (await passwordOnly.GetAsync("/account/enrol-totp")).StatusCode);
    }

    [Fact]
    public async Task Session_cookies_are_secure_http_only_and_same_site_strict_and_hsts_is_sent()
    {
        var patient = await portal.CreatePatientAsync();
        using var client = portal.NewClient();
        await client.SubmitPasswordAsync(patient.Email, patient.Password);
        var code = await client.SubmitCodeAsync(await TotpCodes.FreshAsync(patient.TotpSecret!));
        var session = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", session);
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=strict", session);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "portal.example.org"; // HSTS is never sent to localhost
        var response = await client.Http.SendAsync(request);
        Assert.Contains("max-age=", string.Join(";", response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("camera=()", string.Join(";", response.Headers.GetValues("Permissions-Policy")));
    }
}
