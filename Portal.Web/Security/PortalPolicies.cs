using Microsoft.AspNetCore.Authorization;
using Portal.Grains.Identity;
using Portal.Data.Patients;

namespace Portal.Web.Security;

/// <summary>
/// Authorization policies. Every policy but <see cref="PasswordVerified"/> requires a completed
/// second factor (Identity's "amr" claim = "mfa"), and the fallback policy is <see cref="Mfa"/>,
/// so an account without a second factor reaches nothing but enrolment and sign-out.
/// </summary>
public static class PortalPolicies
{
    public const string Mfa = nameof(Mfa);
    public const string PasswordVerified = nameof(PasswordVerified);
    public const string Patient = nameof(Patient);
    public const string Staff = nameof(Staff);
    public const string Admin = nameof(Admin);
    public const string Marketer = nameof(Marketer);

    public static void Configure(AuthorizationOptions options)
    {
        var mfa = MfaPolicy().Build();
        options.AddPolicy(Mfa, mfa);
        options.FallbackPolicy = mfa;
        options.AddPolicy(PasswordVerified, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Patient, MfaPolicy().RequireRole(PortalRoles.Patient).Build());
        options.AddPolicy(Staff, MfaPolicy().RequireRole(PortalRoles.Staff, PortalRoles.Admin).Build());
        options.AddPolicy(Admin, MfaPolicy().RequireRole(PortalRoles.Admin).Build());
        options.AddPolicy(Marketer, MfaPolicy().RequireRole(PortalRoles.Marketer).Build());
    }

    private static AuthorizationPolicyBuilder MfaPolicy() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim("amr", "mfa");
}
