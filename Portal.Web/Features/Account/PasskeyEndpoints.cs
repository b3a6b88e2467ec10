using System.Security.Claims;
using System.Text.Json;
using Fido2NetLib;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Grains.Audit;
using Portal.Grains.Outbox;
using Portal.Web.Security;
using Portal.Web.Security.Passkeys;
using Portal.Data.Identity;
using Portal.Grains.Identity;

namespace Portal.Web.Features.Account;

/// <summary>
/// JSON endpoints the passkey script calls: each ceremony is "options" (server issues a challenge)
/// then "complete" (server verifies the authenticator's answer). Anti-forgery is checked on every call.
/// </summary>
public static class PasskeyEndpoints
{
    public sealed record Completion(Guid ChallengeId, JsonElement Credential, string? Name, string? ReturnUrl);

    public static void MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/account/passkeys").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                await context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context.HttpContext);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.BadRequest(new { error = "The page has expired. Reload it and try again." });
            }
            return await next(context);
        });

        // Registration: enrolment (password-only session) or adding a passkey in security settings (fresh second factor needed).
        passkeys.MapPost("/register/options", async (HttpContext http, UserManager<PortalUser> users, SecondFactorEnrolment enrolment, PasskeyCeremonies ceremonies) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return Results.Unauthorized();
            if (await RefusedRegistrationAsync(http, enrolment, user) is { } refused) return refused;
            try
            {
                var (challengeId, options) = await ceremonies.BeginRegistrationAsync(user);
                return Results.Text($$"""{"challengeId":"{{challengeId}}","options":{{options.ToJson()}}}""", "application/json");
            }
            catch (PasskeyRefusedException ex) { return Refused(ex); }
        }).RequireAuthorization(PortalPolicies.PasswordVerified);

        passkeys.MapPost("/register", async (Completion body, HttpContext http, UserManager<PortalUser> users, SecondFactorEnrolment enrolment,
            PasskeyCeremonies ceremonies, IAuditLog audit) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return Results.Unauthorized();
            if (await RefusedRegistrationAsync(http, enrolment, user) is { } refused) return refused;
            var first = !user.TwoFactorEnabled;
            try
            {
                var response = body.Credential.Deserialize<AuthenticatorAttestationRawResponse>()
                    ?? throw new PasskeyRefusedException("The passkey answer was empty.");
                await ceremonies.CompleteRegistrationAsync(body.ChallengeId, user, body.Name ?? "", response);
            }
            catch (Exception ex) when (IsBadAnswer(ex))
            {
                await audit.WriteAsync(new AuditRecord(AuditActions.PasskeyRegistered, AuditOutcomes.Failure, http.ToAuditActor()));
                return Refused(ex as PasskeyRefusedException ?? new PasskeyRefusedException("The passkey answer was malformed."));
            }
            await audit.WriteAsync(new AuditRecord(AuditActions.PasskeyRegistered, AuditOutcomes.Success, http.ToAuditActor()));

            if (first)
            {
                // First second factor: a new session that carries it, then the recovery codes, once.
                await enrolment.CompleteFirstFactorAsync(user);
                return Results.Ok(new { redirect = "/account/recovery-codes?returnUrl=" + Uri.EscapeDataString(SignInMessages.SafeReturnUrl(body.ReturnUrl)) });
            }
            await enrolment.CompleteChangeAsync(http.User, user.Id);
            return Results.Ok(new { redirect = SignInMessages.SafeReturnUrl(body.ReturnUrl) });
        }).RequireAuthorization(PortalPolicies.PasswordVerified);

        // Passwordless sign-in: the authenticator names the account and verifies the person.
        passkeys.MapPost("/sign-in/options", async (HttpContext http, PasskeyCeremonies ceremonies, AttemptThrottle throttle) =>
        {
            if (!throttle.TryAttempt("passkey", http.Connection.RemoteIpAddress, null)) return Throttled();
            var (challengeId, options) = await ceremonies.BeginAssertionAsync(PasskeyCeremonies.SignIn, null);
            return Results.Text($$"""{"challengeId":"{{challengeId}}","options":{{options.ToJson()}}}""", "application/json");
        }).AllowAnonymous();

        passkeys.MapPost("/sign-in", (Completion body, HttpContext http) =>
            CompleteSignInAsync(body, http, PasskeyCeremonies.SignIn, expectedUser: null)).AllowAnonymous();

        // Second factor after the password.
        passkeys.MapPost("/second-factor/options", async (HttpContext http, SignInManager<PortalUser> signIn, PasskeyCeremonies ceremonies) =>
        {
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            if (user is null) return Results.Unauthorized();
            var (challengeId, options) = await ceremonies.BeginAssertionAsync(PasskeyCeremonies.SecondFactor, user.Id);
            return Results.Text($$"""{"challengeId":"{{challengeId}}","options":{{options.ToJson()}}}""", "application/json");
        }).AllowAnonymous();

        passkeys.MapPost("/second-factor", async (Completion body, HttpContext http, SignInManager<PortalUser> signIn) =>
        {
            var user = await signIn.GetTwoFactorAuthenticationUserAsync();
            return user is null ? Results.Unauthorized() : await CompleteSignInAsync(body, http, PasskeyCeremonies.SecondFactor, user);
        }).AllowAnonymous();

        // Step-up inside a session.
        passkeys.MapPost("/step-up/options", async (HttpContext http, PasskeyCeremonies ceremonies) =>
        {
            var (challengeId, options) = await ceremonies.BeginAssertionAsync(PasskeyCeremonies.SecondFactor, http.User.UserId());
            return Results.Text($$"""{"challengeId":"{{challengeId}}","options":{{options.ToJson()}}}""", "application/json");
        }).RequireAuthorization(PortalPolicies.Mfa);

        passkeys.MapPost("/step-up", async (Completion body, HttpContext http, PasskeyCeremonies ceremonies, ISessionStore sessions, IAuditLog audit) =>
        {
            try
            {
                var response = body.Credential.Deserialize<AuthenticatorAssertionRawResponse>() ?? throw new PasskeyRefusedException("The passkey answer was empty.");
                await ceremonies.CompleteAssertionAsync(body.ChallengeId, PasskeyCeremonies.SecondFactor, http.User.UserId(), response);
            }
            catch (Exception ex) when (IsBadAnswer(ex))
            {
                await AuditRefusalAsync(audit, http, AuditActions.StepUp, http.User.UserId(), ex);
                return Refused(ex as PasskeyRefusedException ?? new PasskeyRefusedException("The passkey answer was malformed."));
            }
            await sessions.MarkSecondFactorAsync(http.User.SessionId()!.Value);
            await audit.WriteAsync(new AuditRecord(AuditActions.StepUp, AuditOutcomes.Success, http.ToAuditActor()));
            return Results.Ok(new { redirect = SignInMessages.SafeReturnUrl(body.ReturnUrl) });
        }).RequireAuthorization(PortalPolicies.Mfa);
    }

    private static async Task<IResult> CompleteSignInAsync(Completion body, HttpContext http, string purpose, PortalUser? expectedUser)
    {
        var services = http.RequestServices;
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var audit = services.GetRequiredService<IAuditLog>();
        var action = purpose == PasskeyCeremonies.SignIn ? AuditActions.PasskeySignIn : AuditActions.SignInSecondFactor;
        if (!services.GetRequiredService<AttemptThrottle>().TryAttempt("passkey", http.Connection.RemoteIpAddress, expectedUser?.Id.ToString()))
            return Throttled();

        PasskeyAssertion assertion;
        try
        {
            var response = body.Credential.Deserialize<AuthenticatorAssertionRawResponse>() ?? throw new PasskeyRefusedException("The passkey answer was empty.");
            assertion = await services.GetRequiredService<PasskeyCeremonies>().CompleteAssertionAsync(body.ChallengeId, purpose, expectedUser?.Id, response);
        }
        catch (Exception ex) when (IsBadAnswer(ex))
        {
            if (expectedUser is not null) await users.AccessFailedAsync(expectedUser);
            await AuditRefusalAsync(audit, http, action, expectedUser?.Id, ex);
            return Refused(ex as PasskeyRefusedException ?? new PasskeyRefusedException("The passkey answer was malformed."));
        }

        var user = await users.FindByIdAsync(assertion.UserId.ToString());
        if (user is null || await users.IsLockedOutAsync(user) || !await services.GetRequiredService<SignInManager<PortalUser>>().CanSignInAsync(user))
        {
            await audit.WriteAsync(new AuditRecord(action, AuditOutcomes.Denied, new AuditActor(assertion.UserId, "account", http.Connection.RemoteIpAddress?.ToString())));
            return Results.BadRequest(new { error = SignInMessages.Generic });
        }
        await users.ResetAccessFailedCountAsync(user);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await services.GetRequiredService<SignInManager<PortalUser>>()
            .SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SessionClaims.AuthenticationMethod, SessionClaims.MultiFactor)]);
        await audit.WriteAsync(new AuditRecord(action, AuditOutcomes.Success, new AuditActor(user.Id, "account", http.Connection.RemoteIpAddress?.ToString())));
        return Results.Ok(new { redirect = SignInMessages.SafeReturnUrl(body.ReturnUrl) });
    }

    private static Task AuditRefusalAsync(IAuditLog audit, HttpContext http, string action, Guid? userId, Exception ex)
    {
        var outcome = ex is PasskeyRefusedException { SuspectedClone: true } ? AuditOutcomes.SuspectedClone : AuditOutcomes.Failure;
        return audit.WriteAsync(new AuditRecord(action, outcome, new AuditActor(userId ?? Guid.Empty, "account", http.Connection.RemoteIpAddress?.ToString())));
    }

    /// <summary>
    /// A first passkey from a password-only session while the account has no second factor; another
    /// one only after a fresh second factor. A password-only session of an enrolled account is ended.
    /// </summary>
    private static async Task<IResult?> RefusedRegistrationAsync(HttpContext http, SecondFactorEnrolment enrolment, PortalUser user)
    {
        switch (await enrolment.CheckAsync(http.User, user))
        {
            case SecondFactorEnrolment.Permission.StepUpRequired:
                return StepUpRequired();
            case SecondFactorEnrolment.Permission.Refused:
                await http.RequestServices.GetRequiredService<IAuditLog>().WriteAsync(new AuditRecord(AuditActions.PasskeyRegistered, AuditOutcomes.Denied, http.ToAuditActor()));
                await enrolment.EndPasswordOnlySessionAsync(http.User);
                return Results.Json(new { error = SignInMessages.AlreadyEnrolled, redirect = "/account/login" }, statusCode: StatusCodes.Status403Forbidden);
            default:
                return null;
        }
    }

    /// <summary>Refusals and answers that do not parse (missing fields, wrong shapes) are the client's fault: 400, not 500.</summary>
    private static bool IsBadAnswer(Exception ex) =>
        ex is PasskeyRefusedException or JsonException or InvalidOperationException or ArgumentException or FormatException or Fido2VerificationException;

    private static IResult Refused(PasskeyRefusedException ex) => Results.BadRequest(new { error = ex.Message });
    private static IResult StepUpRequired() => Results.Json(new { error = "Confirm it's you first.", stepUp = "/account/step-up" }, statusCode: StatusCodes.Status403Forbidden);
    private static IResult Throttled() => Results.Json(new { error = SignInMessages.Throttled }, statusCode: StatusCodes.Status429TooManyRequests);
}
