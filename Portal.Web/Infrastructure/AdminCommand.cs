using Portal.Grains;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Web.Security;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The operator's console commands, run instead of the server: <c>Portal.Web admin create --email a@b.org [--name "..."]</c>
/// invites an admin (the first one on a fresh install) and prints the one-time link, which is never mailed. It reads
/// the same configuration as the server (database, key-encryption key, <c>Notifications:PortalBaseUrl</c>), so the
/// link works on the server it names.
/// </summary>
public static class AdminCommand
{
    public const string Name = "admin";

    public const string Usage = "Usage: Portal.Web admin create --email <address> [--name <display name>] [other settings, e.g. --Database:Provider=PostgreSql]";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>The command's own options; everything else is passed on as host configuration.</summary>
    public static (string? Verb, string? Email, string? DisplayName, string[] HostArgs) Parse(string[] args)
    {
        string? verb = args.Length > 1 ? args[1] : null, email = null, name = null;
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length: email = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                default: rest.Add(args[i]); break;
            }
        }
        return (verb, email, name, rest.ToArray());
    }

    /// <summary>Runs the command on a built (not started) host; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string? verb, string? email, string? displayName, TextWriter output, TextWriter error)
    {
        if (verb != "create" || string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        await services.MigratePortalDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().EnsureRolesAsync();
        var administration = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var console = new AuditActor(Guid.Empty, "console", null);
        var invited = await administration.InviteAsync(email, string.IsNullOrWhiteSpace(displayName) ? "Administrator" : displayName, PortalRoles.Admin, console, sendMail: false);
        if (!invited.Succeeded)
        {
            await error.WriteLineAsync($"No admin was created: {invited.Error}");
            return 1;
        }
        var link = await administration.InvitationLinkAsync(invited.AccountId!.Value);
        var lifetime = AccountLifetimeOptions.Describe(scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountLifetimeOptions>>().Value.InvitationLifetime);
        await output.WriteLineAsync($"Admin account {email.Trim()} created. Open this link within {lifetime} to choose a password, then set up a second sign-in step:");
        await output.WriteLineAsync(link);
        await output.WriteLineAsync("The link works once and is shown only now; keep it private.");
        return 0;
    }
}
