using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Portal.Grains;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Outbox;
using Portal.Grains.Patients;
using Portal.Data.Identity;
using Portal.Data.Patients;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains;

/// <summary>The patient grain on an Orleans in-process test cluster (two silos), over a real database (<see cref="TestDatabase"/>).</summary>
public sealed class PatientGrainClusterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-grain-").FullName;
    private TestCluster _cluster = null!;

    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        var kekBytes = RandomNumberGenerator.GetBytes(32);
        var kek = Convert.ToBase64String(kekBytes);
        _database = TestDatabase.Create(_directory);
        await using (var db = await _database.Factory().CreateDbContextAsync())
            await db.Database.MigrateAsync();

        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Test:ContentRoot"] = _directory,
            ["Encryption:KeyEncryptionKey"] = kek,
            // No SMTP server: mail goes to a pickup folder, and every domain probes as "no verified TLS".
            ["Smtp:PickupDirectory"] = Path.Combine(_directory, "mail"),
        }));
        builder.AddSiloBuilderConfigurator<SiloServices>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var keys = new OrganisationKeys(_database.Factory(), new KeyEncryptionKey(kekBytes), TimeProvider.System);
        _emails = new AccountEmails(keys, new Portal.Grains.Audience.BlindIndex(keys), _database.Factory());
    }

    // Accounts are written here as the web host writes them: their addresses sealed under the silos' KEK.
    private AccountEmails _emails = null!;

    /// <summary>Each silo is composed as the product composes its own; only the web host's page templates are given here.</summary>
    private sealed class SiloServices : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddPortalServices(silo.Configuration, silo.Configuration["Test:ContentRoot"]!, isDevelopment: false);
            silo.Services.Configure<PortalLinkOptions>(links => links.Message = "/messages/{id}");
        }
    }

    // The clinician on every test patient's care team.
    private readonly Guid _staffId = Guid.NewGuid();
    private AuditActor Staff => new(_staffId, PortalRoles.Staff, "10.0.0.1");

    private async Task<PortalUser> AccountAsync(Guid id, string email, string displayName)
    {
        var user = new PortalUser { Id = id, DisplayName = displayName };
        await _emails.AssignAsync(user, email);
        return user;
    }

    private async Task<Guid> NewPatientAsync()
    {
        var id = Guid.NewGuid();
        await using var db = await _database.Factory().CreateDbContextAsync();
        db.Users.Add(await AccountAsync(id, $"{id}@example.test", "p"));
        if (!await db.Users.AnyAsync(u => u.Id == _staffId))
            db.Users.Add(await AccountAsync(_staffId, "staff@example.test", "Dr Test"));
        await db.SaveChangesAsync();
        await _cluster.GrainFactory.GetGrain<IPatientGrain>(id).CreateRecordAsync("Test Patient", new AuditActor(id, PortalRoles.Patient, null));
        db.CareTeamMembers.Add(new CareTeamMember { PatientId = id, StaffId = _staffId, AddedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Concurrent_sends_to_one_patient_are_all_kept_each_with_one_queued_notice()
    {
        var patient = await NewPatientAsync();
        var staff = Staff;
        var grain = _cluster.GrainFactory.GetGrain<IPatientGrain>(patient);

        var ids = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => grain.SendSecureMessageAsync(new NewSecureMessage($"s{i}", $"b{i}"), staff)));

        Assert.Equal(25, ids.Distinct().Count());
        var inbox = await grain.GetInboxAsync(new AuditActor(patient, PortalRoles.Patient, null));
        Assert.Equal(25, inbox.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"s{i}").Order(), inbox.Select(m => m.Subject).Order());
        await using var db = await _database.Factory().CreateDbContextAsync();
        Assert.Equal(25, await db.Outbox.CountAsync(o => o.RecipientId == patient));
    }

    [Fact]
    public async Task Opening_marks_read_once_and_a_foreign_id_is_not_found()
    {
        var alice = await NewPatientAsync();
        var bob = await NewPatientAsync();
        var staff = Staff;
        var bobsMessage = await _cluster.GrainFactory.GetGrain<IPatientGrain>(bob).SendSecureMessageAsync(new NewSecureMessage("x", "y"), staff);
        var alicesMessage = await _cluster.GrainFactory.GetGrain<IPatientGrain>(alice).SendSecureMessageAsync(new NewSecureMessage("hello", "world"), staff);

        var aliceActor = new AuditActor(alice, PortalRoles.Patient, null);
        var aliceGrain = _cluster.GrainFactory.GetGrain<IPatientGrain>(alice);
        Assert.Null(await aliceGrain.OpenMessageAsync(bobsMessage, aliceActor));

        // Staff viewing does not mark read; the patient opening does, once.
        Assert.Null((await aliceGrain.OpenMessageAsync(alicesMessage, staff))!.ReadUtc);
        var first = await aliceGrain.OpenMessageAsync(alicesMessage, aliceActor);
        var second = await aliceGrain.OpenMessageAsync(alicesMessage, aliceActor);
        Assert.NotNull(first!.ReadUtc);
        Assert.Equal(first.ReadUtc, second!.ReadUtc);
    }

    [Fact]
    public async Task A_message_over_the_limits_or_to_no_patient_is_refused()
    {
        var patient = await NewPatientAsync();
        var staff = Staff;
        await Assert.ThrowsAsync<ArgumentException>(() => _cluster.GrainFactory.GetGrain<IPatientGrain>(patient)
            .SendSecureMessageAsync(new NewSecureMessage(new string('x', 201), "b"), staff));
        // A patient id outside the staff member's care team (here: no such patient) is refused before anything is read.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _cluster.GrainFactory.GetGrain<IPatientGrain>(Guid.NewGuid())
            .SendSecureMessageAsync(new NewSecureMessage("s", "b"), staff));
    }

    [Fact]
    public async Task A_patient_cannot_send_as_staff_and_an_answer_keeps_the_threads_sensitivity()
    {
        var patient = await NewPatientAsync();
        var grain = _cluster.GrainFactory.GetGrain<IPatientGrain>(patient);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            grain.SendSecureMessageAsync(new NewSecureMessage("fake", "from me"), new AuditActor(patient, PortalRoles.Patient, null)));

        var opener = await grain.SendSecureMessageAsync(new NewSecureMessage("Counselling", "See you Tuesday.", Portal.Messaging.Policy.Sensitivity.Restricted), Staff);
        var answer = await grain.SendSecureMessageAsync(new NewSecureMessage("Re", "All good.", Portal.Messaging.Policy.Sensitivity.None, ThreadId: opener), Staff);
        await using var db = await _database.Factory().CreateDbContextAsync();
        Assert.Equal(Portal.Messaging.Policy.Sensitivity.Restricted, (await db.SecureMessages.SingleAsync(m => m.Id == answer)).Sensitivity);
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}
