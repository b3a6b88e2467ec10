using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using Portal.Data;
using Portal.Data.Outbox;
using Portal.Grains;
using Portal.Grains.Delivery;
using Portal.Grains.Outbox;
using Portal.Messaging.Protection;

// The product's real delivery path under load: N personalised 4-18 KB marketing messages are
// committed to the SQLite outbox, then the delivery worker grains lease, compose, (S/MIME,) DKIM-sign
// and send them over pooled SMTP sessions to the given server. "campaign" sends a campaign instead: its
// blocks rendered per recipient with Liquid into HTML and text, each patient's first name opened with their
// data key, verified TLS required (the body names the patient). Prints one name=value line.
//   Portal.DeliveryBench <mode: plain|dkim|smime|campaign> <count> <host> <port> <security: None|StartTls> [workers] [connections] [ca.pem]
var mode = args[0];
var count = int.Parse(args[1]);
var host = args[2];
var port = args[3];
var security = args[4];
var workers = args.Length > 5 ? args[5] : "4";
var connections = args.Length > 6 ? args[6] : workers;
var ca = args.Length > 7 ? args[7] : null;

var directory = Directory.CreateTempSubdirectory("portal-delivery-bench-").FullName;
using var dkimKey = RSA.Create(2048);
var dkimPath = Path.Combine(directory, "dkim.pem");
File.WriteAllText(dkimPath, dkimKey.ExportPkcs8PrivateKeyPem());

var settings = new Dictionary<string, string?>
{
    ["Portal:DataDirectory"] = directory,
    ["Encryption:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Notifications:PortalBaseUrl"] = "https://portal.example.org",
    ["Notifications:FromAddress"] = "news@portal.example.org",
    ["Notifications:MessageIdDomain"] = "portal.example.org",
    ["Smtp:Host"] = host,
    ["Smtp:Port"] = port,
    ["Smtp:Security"] = security,
    ["Delivery:Workers"] = workers,
    ["Delivery:Marketing:Workers"] = workers,
    ["Delivery:BounceAddress"] = "bounces@portal.example.org",
    ["Delivery:Pool:MaxConnectionsPerDomain"] = connections,
    ["Delivery:Pool:MessagesPerSecondPerDomain"] = "1000000",
    ["Delivery:Pool:BurstPerDomain"] = "100000",
    ["Delivery:Pool:MaxMessagesPerConnection"] = "1000000",
    ["Delivery:TrustedCaCertificatePath"] = ca,
    ["Delivery:Unsubscribe:BaseUrl"] = "https://portal.example.org/unsubscribe/",
    ["Delivery:Unsubscribe:MailtoAddress"] = "unsubscribe@portal.example.org",
    ["Delivery:Unsubscribe:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Outbox:BatchSize"] = "100",
    ["Orleans:SiloPort"] = FreePort().ToString(),
    ["Orleans:GatewayPort"] = FreePort().ToString(),
    ["Logging:LogLevel:Default"] = "Warning",
};
// The receiver stands for a relay that verifies TLS onward, as an operator declares it; otherwise mail naming a
// patient would go as its copy without patient data.
if (mode == "campaign") settings["Delivery:Relay:EnforcesVerifiedTls"] = "true";
if (mode is "dkim" or "smime" or "campaign")
{
    settings["Dkim:Domain"] = "portal.example.org";
    settings["Dkim:Selector"] = "bench";
    settings["Dkim:PrivateKeyPath"] = dkimPath;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(settings);
builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
builder.AddPortalServices();
builder.AddPortalSilo();
X509Certificate2? recipientCertificate = null;
if (mode == "smime")
{
    // The product's S/MIME protector (signed by the organisation, encrypted to the recipient) around each composed message.
    recipientCertificate = Certificate("patient@example.net");
    var smime = new SmimeProtector(Certificate("news@portal.example.org"));
    var marketing = builder.Services.Single(d => d.ImplementationType == typeof(MarketingComposer));
    builder.Services.Remove(marketing);
    builder.Services.AddSingleton<MarketingComposer>();
    builder.Services.AddSingleton<IOutboxMailComposer>(sp => new SmimeComposer(sp.GetRequiredService<MarketingComposer>(), smime, recipientCertificate));
}
using var host_ = builder.Build();
await host_.Services.MigratePortalDatabaseAsync();
await host_.StartAsync();

var peak = 0L;
using var sampler = new Timer(_ => { var ws = Environment.WorkingSet; if (ws > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, ws); }, null, 0, 100);

var mail = host_.Services.GetRequiredService<MarketingMail>();
var campaign = mode == "campaign" ? await CampaignSend.SetUpAsync(host_.Services, patients: 500) : null;
var dbFactory = host_.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
var list = Guid.NewGuid();
var random = new Random(42);
var contents = new List<Guid>();
for (var i = 0; i < 8; i++)
{
    // 4-18 KB bodies; every message also gets its own link, unsubscribe token, address and Message-ID.
    var size = 4096 + i * 2 * 1024 + random.Next(1024);
    var body = new StringBuilder("Hello {{name}},\n\nYour flu clinic appointment can be booked here: {{link}}\n\n");
    // Lines wrapped as a template editor writes them (a 10 KB single line would force quoted-printable).
    while (body.Length < size) body.Append("Our clinics are open late this week for seasonal vaccinations;\nbring your card and arrive ten minutes early.\n");
    body.Append("\n\nLeave this list: {{unsubscribe}}\n");
    contents.Add(await mail.CreateContentAsync(list, $"Flu clinics are open ({i})", body.ToString()));
}

async Task EnqueueAsync(int total)
{
    if (campaign is not null)
    {
        await campaign.EnqueueAsync(host_.Services, total);
        return;
    }
    for (var c = 0; c < contents.Count; c++)
    {
        var share = total / contents.Count + (c < total % contents.Count ? 1 : 0);
        // S/MIME encrypts to the certificate of the address in To, so that run mails the certificate's owner.
        await mail.EnqueueAsync(contents[c], [.. Enumerable.Range(0, share).Select(i => new MarketingRecipient(Guid.NewGuid(), mode == "smime" ? "patient@example.net" : $"patient{c}-{i}@example.net"))]);
    }
}

async Task<int> UnsentAsync()
{
    await using var db = await dbFactory.CreateDbContextAsync();
    return await db.Outbox.CountAsync(r => r.SentUtc == null && r.FailedUtc == null);
}

// A portal sends campaigns for minutes on end, so the figure is its steady state: an untimed
// first round warms the JIT, the connection pool and TLS sessions before the clock starts.
// Tiered compilation keeps recompiling hot methods for about 20 s, so rounds go on that long.
var warmedUp = 0;
if (mode != "memory")
{
    var warming = Stopwatch.StartNew();
    while (warming.Elapsed < TimeSpan.FromSeconds(20))
    {
        await EnqueueAsync(Math.Min(count, 1000));
        while (await UnsentAsync() > 0 && warming.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
    }
    await using var db = await dbFactory.CreateDbContextAsync();
    warmedUp = await db.Outbox.CountAsync(r => r.SentUtc != null);
}

// Committed first: the clock starts when the last row is durable, and stops when the last is marked sent.
var queue = Stopwatch.StartNew();
await EnqueueAsync(count);
queue.Stop();
var queuedWorkingSet = Environment.WorkingSet;
var send = Stopwatch.StartNew();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
// "memory" only measures what a large queue costs: it sends for a while, then stops with rows still queued.
var limit = mode == "memory" ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(10);
int left;
do
{
    await Task.Delay(100);
    left = await UnsentAsync();
} while (left > 0 && send.Elapsed < limit && !(send.Elapsed > TimeSpan.FromSeconds(30) && left == count));
send.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
int sent, failed;
await using (var db = await dbFactory.CreateDbContextAsync())
{
    sent = await db.Outbox.CountAsync(r => r.SentUtc != null) - warmedUp;
    failed = await db.Outbox.CountAsync(r => r.FailedUtc != null);
}
await host_.StopAsync();
Console.WriteLine(FormattableString.Invariant(
    $"mode={mode} count={count} sent={sent} failed={failed} connections={connections} queue_per_s={count / queue.Elapsed.TotalSeconds:F0} msgs_per_s={sent / send.Elapsed.TotalSeconds:F0} cpu_s_per_1000={cpu.TotalSeconds * 1000 / Math.Max(1, sent):F2} ws_queued_mb={queuedWorkingSet / 1048576} peak_ws_mb={Interlocked.Read(ref peak) / 1048576}"));
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(directory, recursive: true);

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static X509Certificate2 Certificate(string email)
{
    using var key = RSA.Create(2048);
    var request = new CertificateRequest($"CN={email}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
    request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
    var names = new SubjectAlternativeNameBuilder();
    names.AddEmailAddress(email);
    request.CertificateExtensions.Add(names.Build());
    using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
}

/// <summary>Marketing rows protected with the product's S/MIME before the channel DKIM-signs and sends them.</summary>
sealed class SmimeComposer(MarketingComposer inner, SmimeProtector smime, X509Certificate2 recipient) : IOutboxMailComposer
{
    public OutboxKind Kind => OutboxKind.Marketing;

    public async Task<ComposedMail?> ComposeAsync(OutboxMessage row, string recipientAddress, string messageId, CancellationToken cancellationToken) =>
        await inner.ComposeAsync(row, recipientAddress, messageId, cancellationToken) is { } clear ? smime.SignAndEncrypt(clear.Mail, recipient) : null;
}

/// <summary>A campaign of about 6 KB whose text names the patient, and patients with accounts, keys and encrypted names.</summary>
sealed class CampaignSend(Guid contentId, IReadOnlyList<Guid> patients)
{
    public static async Task<CampaignSend> SetUpAsync(IServiceProvider services, int patients)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var emails = services.GetRequiredService<Portal.Grains.Identity.AccountEmails>();
        var grains = services.GetRequiredService<IGrainFactory>();
        var staff = new Portal.Grains.Audit.AuditActor(Guid.NewGuid(), Portal.Grains.Identity.PortalRoles.Staff, null);
        var ids = new List<Guid>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var i = 0; i < patients; i++)
            {
                var id = Guid.CreateVersion7();
                var user = new Portal.Data.Identity.PortalUser { Id = id, CreatedUtc = DateTime.UtcNow };
                await emails.AssignAsync(user, $"patient{i}@example.net");
                db.Users.Add(user);
                ids.Add(id);
            }
            await db.SaveChangesAsync();
        }
        var names = new[] { "Maria Lopez", "Sam Okafor", "Ana Silva", "Wei Chen", "John Smith" };
        for (var i = 0; i < ids.Count; i++)
            await grains.GetGrain<Portal.Grains.Patients.IPatientGrain>(ids[i]).CreateRecordAsync(names[i % names.Length], staff);

        var paragraph = "Our clinics are open late this week for seasonal vaccinations; bring your card and arrive ten minutes early.\n";
        var design = new Portal.Messaging.Campaigns.CampaignDesign
        {
            Blocks =
            [
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Heading, Text = "Flu clinics are open" },
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }},\n\n" + string.Concat(Enumerable.Repeat(paragraph, 50)) },
                new() { Kind = Portal.Messaging.Campaigns.BlockKind.Button, Text = "Book your vaccine", Url = "/forms", Action = Portal.Messaging.Campaigns.CallToAction.FillFormOrSurvey },
            ],
        };
        var campaignId = Guid.CreateVersion7();
        var marketer = new Portal.Grains.Audit.AuditActor(Guid.NewGuid(), Portal.Grains.Identity.PortalRoles.Marketer, null);
        var saved = await grains.GetGrain<Portal.Grains.Campaigns.ICampaignGrain>(campaignId).SaveDraftAsync(new Portal.Grains.Campaigns.CampaignDraft(
            "Bench", Portal.Data.Campaigns.CampaignGoal.Awareness, Portal.Data.Campaigns.CampaignPurpose.CareCommunication, false, null,
            "{{ organisation.name }}", "Flu clinics are open", "Book in two minutes", design.ToJson()), marketer);
        if (!saved.Succeeded) throw new InvalidOperationException(saved.Problem);
        var content = new Portal.Data.Delivery.MarketingContent { Id = Guid.CreateVersion7(), ListId = campaignId, CampaignId = campaignId, Subject = "Flu clinics are open", CreatedUtc = DateTime.UtcNow };
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.MarketingContents.Add(content);
            await db.SaveChangesAsync();
        }
        return new CampaignSend(content.Id, ids);
    }

    // As a launch queues them: one row per recipient naming the frozen content, through the product's bulk insert.
    public async Task EnqueueAsync(IServiceProvider services, int total)
    {
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, total).Select(i => OutboxWriter.NewRow(OutboxKind.Marketing, patients[i % patients.Count], contentId, now)).ToList();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await services.GetRequiredService<IProviderSql>().InsertOutboxAsync(db, rows, CancellationToken.None);
        await transaction.CommitAsync();
        services.GetRequiredService<OutboxSignal>().Notify();
    }
}
