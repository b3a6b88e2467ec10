using Portal.Grains;
using Portal.Web;
using Portal.Web.Infrastructure;

// Console commands (first admin) run on the same composition as the server, instead of it.
var command = ConsoleCommands.Matches(args) ? ConsoleCommands.Parse(args) : null;
var seedDemo = args.Contains(DemoSeed.Flag);
var builder = WebApplication.CreateBuilder(command?.HostArgs ?? args.Where(a => a != DemoSeed.Flag).ToArray());
builder.AddDevelopmentDefaults();
builder.AddPortalServices();
builder.AddPortalSilo();
builder.AddPortalWeb();

var app = builder.Build();
if (command is not null)
    return await ConsoleCommands.RunAsync(app.Services, command, Console.Out, Console.Error);
await app.Services.MigratePortalDatabaseAsync();
await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<AccountProvisioning>().EnsureRolesAsync();

app.UsePortalWeb();

if (seedDemo && !app.Environment.IsDevelopment())
    throw new InvalidOperationException($"{DemoSeed.Flag} is only available in the Development environment.");

// The seed calls grains, so it runs once the host (and with it the silo) has started.
await app.StartAsync();
if (seedDemo)
    await DemoSeed.RunAsync(app.Services, Console.Out);
await app.WaitForShutdownAsync();
return 0;

public partial class Program;
