using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Grains.Outbox;
using Portal.Messaging.Notifications;
using Portal.Messaging.Sending;
using Portal.Web.Features.Dev;
using Portal.Web.Infrastructure;
using Portal.Web.Security;
using Portal.Web.Security.Passwords;
using Portal.Web.Security.Passkeys;
using Portal.Web.Features.Account;
using Portal.Web.Features.Messages;
using Portal.Web.Features.Forms;
using Portal.Web.Features.Api;
using Portal.Web.Security.ApiKeys;
using Fido2NetLib;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Messaging.Delivery;
using Portal.Data.Identity;
using Portal.Grains;
using Portal.Grains.Identity;

namespace Portal.Web;

public static class WebHostingExtensions
{
    /// <summary>
    /// Development defaults, so <c>dotnet run</c> can do everything on a bare machine: without an SMTP server mail
    /// goes to a folder the /dev/mail page shows; campaigns get one-click unsubscribe links (signed with a key kept
    /// in the data directory), a made-up organisation name, a placeholder postal address and no quiet hours.
    /// </summary>
    public static IHostApplicationBuilder AddDevelopmentDefaults(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return builder;
        var configuration = builder.Configuration;
        var settings = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"]) && string.IsNullOrWhiteSpace(configuration["Smtp:PickupDirectory"]))
            settings["Smtp:PickupDirectory"] = Path.Combine(DataOptions.ResolveDataDirectory(builder), "mail-capture");
        if (!configuration.GetSection(ListUnsubscribeOptions.SectionName).Exists())
        {
            var portal = (configuration["Notifications:PortalBaseUrl"] ?? "http://localhost:5000").TrimEnd('/');
            settings[$"{ListUnsubscribeOptions.SectionName}:BaseUrl"] = portal + "/unsubscribe/";
            settings[$"{ListUnsubscribeOptions.SectionName}:MailtoAddress"] = "unsubscribe@portal.localhost";
            settings[$"{ListUnsubscribeOptions.SectionName}:SigningKey"] = DevelopmentKey(Path.Combine(DataOptions.ResolveDataDirectory(builder), "keys", "unsubscribe.key"));
        }
        if (string.IsNullOrWhiteSpace(configuration["Notifications:OrganisationName"]))
            settings["Notifications:OrganisationName"] = "Springfield Clinic";
        // A demo launched in the evening sends at once; production keeps the quiet hours unless told otherwise.
        if (configuration["Campaigns:QuietHoursStart"] is null && configuration["Campaigns:QuietHoursEnd"] is null)
            (settings["Campaigns:QuietHoursStart"], settings["Campaigns:QuietHoursEnd"]) = ("00:00:00", "00:00:00");
        if (string.IsNullOrWhiteSpace(configuration["Campaigns:PostalAddress"]))
            settings["Campaigns:PostalAddress"] = "1 Example Street, Springfield (development: set Campaigns:PostalAddress)";
        configuration.AddInMemoryCollection(settings);
        return builder;
    }

    // Made once and kept, so links in captured mail keep working across restarts.
    private static string DevelopmentKey(string path)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        return key;
    }

    /// <summary>Identity with mandatory MFA, pages, health checks.</summary>
    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Before AddIdentity, which adds its own validator only when none is registered.
        services.AddScoped<IUserValidator<PortalUser>, PortalUserValidator>();
        services.AddIdentity<PortalUser, IdentityRole<Guid>>(options =>
            {
                // NIST 800-63B: length, not composition rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1; // guessability is judged by PasswordPolicyValidator
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                // Self-registered accounts stay unusable until the emailed link is followed.
                options.SignIn.RequireConfirmedEmail = true;
            })
            .AddPortalStores()
            .AddSignInManager<PortalSignInManager>()
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseTotpTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddTokenProvider<PasskeyTwoFactorAvailability>(PasskeyTwoFactorAvailability.ProviderName)
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName);
        services.AddOptions<InvitationTokenProviderOptions>().Configure<IOptions<AccountLifetimeOptions>>(
            (tokens, lifetimes) => tokens.TokenLifespan = lifetimes.Value.InvitationLifetime);
        services.AddScoped<AccountAdministration>();

        var secureCookies = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/denied";
            options.Cookie.Name = "portal.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secureCookies;
            options.ExpireTimeSpan = builder.Configuration.GetValue($"{SessionLimitsOptions.SectionName}:{nameof(SessionLimitsOptions.AbsoluteLifetime)}", TimeSpan.FromHours(12));
            options.SlidingExpiration = false;
            // Replaces Identity's security-stamp check: the server-side session row decides (idle, lifetime, revocation).
            options.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
        });
        services.AddOptions<SessionLimitsOptions>().BindConfiguration(SessionLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AbuseProtectionOptions>().BindConfiguration(AbuseProtectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AttemptThrottle>();
        services.AddOptions<Portal.Web.Features.PublicForm.PublicFormOptions>().BindConfiguration(Portal.Web.Features.PublicForm.PublicFormOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EqualTimePasswordCheck>();
        services.AddScoped<SecondFactorEnrolment>();
        services.AddSingleton<PasskeyCeremonies>();
        services.AddSingleton<IFido2>(sp =>
        {
            // The relying party is the portal's public address: passkeys are bound to its host name.
            var portal = new Uri(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.PortalBaseUrl);
            return new Fido2(new Fido2Configuration
            {
                RPID = portal.Host,
                RPName = "Patient Portal",
                Origins = new HashSet<string> { portal.GetLeftPart(UriPartial.Authority) },
            });
        });
        services.AddSingleton<NewSignInDetector>();
        services.AddSingleton<AccountRequestQueue>();
        services.AddHostedService<AccountRequestProcessor>();
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromMinutes(30));
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secureCookies;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = secureCookies;
        });
        services.AddAuthorization(options =>
        {
            PortalPolicies.Configure(options);
            ApiKeyPolicies.Configure(options);
        });
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
            ApiKeyAuthenticationHandler.SchemeName, null);
        // Behind a TLS-terminating proxy the client's address comes from X-Forwarded-For, but only
        // from proxies named in Proxy:KnownProxies; otherwise anyone could pick their own address.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in builder.Configuration.GetSection("Proxy:KnownProxies").Get<string[]>() ?? [])
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            options.Conventions.AuthorizeFolder("/Messages", PortalPolicies.Patient);
            options.Conventions.AuthorizeFolder("/MyProfile", PortalPolicies.Patient);
            options.Conventions.AuthorizeFolder("/Staff", PortalPolicies.Staff);
            options.Conventions.AuthorizeFolder("/Admin", PortalPolicies.Admin);
            options.Conventions.AuthorizeFolder("/Marketing", PortalPolicies.Marketer);
            options.Conventions.AddPageRoute("/Marketing/Segments/Edit", "/marketing/segments/new");
            options.Conventions.AddPageRoute("/Marketing/Campaigns/Edit", "/marketing/campaigns/new");
        });

        // Cookie and anti-forgery keys live with the data, so sessions survive a restart, encrypted by the KEK.
        services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataOptions.ResolveDataDirectory(builder), "keys", "data-protection")));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Portal.Grains.Encryption.KeyEncryptionKey>((options, kek) => options.XmlEncryptor = new KekXmlEncryptor(kek));

        // The pages mail links to (Features/Messages/Read, Features/Forms/Fill, Features/Account, Features/Admin/Audit);
        // PortalLinksTests opens each one.
        services.Configure<PortalLinkOptions>(links =>
        {
            links.Message = "/messages/{id}";
            links.FormAssignment = "/forms/{id}";
            links.SignIn = "/account/login";
            links.PasswordReset = "/account/reset-password?user={id}&token={token}";
            links.CompleteRegistration = "/account/complete-registration?user={id}&token={token}";
            links.AcceptInvitation = "/account/accept-invitation?user={id}&token={token}";
            links.AuditLog = "/admin/audit?action={action}";
        });
        services.AddScoped<AccountProvisioning>();
        services.AddSingleton<DevelopmentMailbox>();
        services.AddHealthChecks()
            .AddPortalDatabaseCheck("database", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseAttachmentUploadLimits();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();
        app.MapPasskeyEndpoints();
        app.MapMessageAttachments();
        app.MapFormFiles();
        app.MapImportApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        return app;
    }
}
