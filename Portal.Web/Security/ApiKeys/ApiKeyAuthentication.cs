using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Portal.Grains.Identity;

namespace Portal.Web.Security.ApiKeys;

/// <summary>
/// Authenticates API requests by <c>Authorization: Bearer ptl_…</c>. API endpoints accept this scheme only, so a
/// browser's session cookie never authorises an API call (no cross-site request can use one). Failures answer JSON.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Portal.Grains.Identity.ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ScopeClaim = "scope";
    public const string KeyIdClaim = "api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var caller = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (caller is null) return AuthenticateResult.Fail("The API key is not valid.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, caller.AccountId.ToString()),
            new(ClaimTypes.Role, caller.Role),
            new(KeyIdClaim, caller.KeyId.ToString()),
        };
        claims.AddRange(caller.Scopes.Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An API key is required",
            detail: "Send a valid, unrevoked key as \"Authorization: Bearer ptl_…\"; an admin creates one under Admin, API keys.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The API key lacks the scope this call needs").ExecuteAsync(Context);
}

public static class ApiKeyPolicies
{
    /// <summary>The policy name for an endpoint needing <paramref name="scope"/>.</summary>
    public static string For(string scope) => $"api:{scope}";

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var scope in Portal.Grains.Identity.ApiScopes.All.Keys)
            options.AddPolicy(For(scope), policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
    }
}
