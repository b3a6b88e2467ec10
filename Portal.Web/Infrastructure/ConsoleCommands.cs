using Portal.Grains;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Web.Security;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The operator's console commands, run instead of the server on the same composition and configuration (database,
/// key-encryption key, <c>Notifications:PortalBaseUrl</c>):
/// <list type="bullet">
/// <item><c>admin create --email a@b.org [--name "..."]</c> invites an admin (the first one on a fresh install) and
/// prints the one-time link, which is never mailed;</item>
/// <item><c>audit verify</c> checks the audit chain and its signed checkpoints, and <c>audit public-key</c> prints the
/// key an auditor checks checkpoints with.</item>
/// </list>
/// </summary>
public static class ConsoleCommands
{
    public const string Usage = """
        Usage:
          Portal.Web admin create --email <address> [--name <display name>]
          Portal.Web audit verify
          Portal.Web audit public-key
        followed by any settings, e.g. --Database:Provider=PostgreSql
        """;

    /// <summary>Exit codes: 0 done (audit: intact), 1 refused, 2 usage, 3 the audit chain is broken.</summary>
    public const int Done = 0, Refused = 1, UsageError = 2, AuditBroken = 3;

    public sealed record Command(string Area, string? Verb, string? Email, string? DisplayName, string[] HostArgs);

    public static bool Matches(string[] args) => args.Length > 0 && args[0] is "admin" or "audit";

    /// <summary>The command's own words and options; everything else is passed on as host configuration.</summary>
    public static Command Parse(string[] args)
    {
        string? verb = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null, email = null, name = null;
        var rest = new List<string>();
        for (var i = verb is null ? 1 : 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                default: rest.Add(args[i]); break;
            }
        }
        return new Command(args[0], verb, email, name, [.. rest]);
    }

    /// <summary>Runs the command on a built (not started) host; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, Command command, TextWriter output, TextWriter error)
    {
        switch (command)
        {
            case { Area: "admin", Verb: "create", Email: { Length: > 0 } email }:
                await services.MigratePortalDatabaseAsync();
                return await CreateAdminAsync(services, email, command.DisplayName, output, error);
            case { Area: "audit", Verb: "verify" }:
                await services.MigratePortalDatabaseAsync();
                return await VerifyAuditAsync(services, output, error);
            case { Area: "audit", Verb: "public-key" }:
                await output.WriteAsync(services.GetRequiredService<AuditSigningKey>().PublicKeyPem + "\n");
                return Done;
            default:
                await error.WriteLineAsync(Usage);
                return UsageError;
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string email, string? displayName, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().EnsureRolesAsync();
        var administration = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var console = new AuditActor(Guid.Empty, "console", null);
        var invited = await administration.InviteAsync(email, string.IsNullOrWhiteSpace(displayName) ? "Administrator" : displayName, PortalRoles.Admin, console, sendMail: false);
        if (!invited.Succeeded)
        {
            await error.WriteLineAsync($"No admin was created: {invited.Error}");
            return Refused;
        }
        var link = await administration.InvitationLinkAsync(invited.AccountId!.Value);
        var lifetime = AccountLifetimeOptions.Describe(scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountLifetimeOptions>>().Value.InvitationLifetime);
        await output.WriteLineAsync($"Admin account {email.Trim()} created. Open this link within {lifetime} to choose a password, then set up a second sign-in step:");
        await output.WriteLineAsync(link);
        await output.WriteLineAsync("The link works once and is shown only now; keep it private.");
        return Done;
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var progress = new Progress<long>(checkedSoFar => error.Write($"\rChecked {checkedSoFar} entries..."));
        var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(progress);
        await error.WriteLineAsync();
        await services.GetRequiredService<IAuditLog>().WriteAsync(new AuditRecord(AuditActions.AuditVerified,
            result.Intact ? AuditOutcomes.Success : AuditOutcomes.Failure, new AuditActor(Guid.Empty, "console", null), TargetId: result.BrokenAt?.ToString()));
        await output.WriteLineAsync((result.Intact ? "Intact. " : "BROKEN. ") + result.Summary);
        return result.Intact ? Done : AuditBroken;
    }
}
