using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Audit;
using Portal.Grains.Encryption;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Encryption;

/// <summary>
/// A key-encryption key rotation as an operator runs it, over one database and data folder and three starts of the
/// product: under the old key; with a new key current and the old one listed as previous, while the patient keeps
/// reading (re-wrapping under load, nothing unreadable); then with the new key alone, where sign-in (the
/// authenticator secret), the message and the audit trail's signed checkpoints all still work.
/// </summary>
public sealed class KekRotationTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-kek-").FullName;
    private readonly string _old = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _new = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private TestDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task<(PortalFactory Portal, IAsyncDisposable Running)> StartAsync(string kek, string? previous = null)
    {
        var settings = new Dictionary<string, string?>(_database.Settings)
        {
            ["Portal:DataDirectory"] = _directory,
            ["Encryption:KeyEncryptionKey"] = kek,
        };
        if (previous is not null) settings["Encryption:PreviousKeyEncryptionKeys:0"] = previous;
        var portal = PortalFactory.With(settings);
        return (portal, await portal.StartAsync());
    }

    private static async Task<AuditVerification> VerifyAuditAsync(PortalFactory portal)
    {
        await portal.Services.GetRequiredService<AuditCheckpoints>().CheckpointAsync();
        return await portal.Services.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    [Fact]
    public async Task The_kek_rotates_under_load_with_nothing_unreadable_and_the_old_key_can_then_be_removed()
    {
        Portal.Web.Infrastructure.ProvisionedAccount patient;
        Guid messageId;
        const string body = "Your thyroid results are normal.";
        var (first, firstRunning) = await StartAsync(_old);
        await using (firstRunning)
        {
            patient = await first.CreatePatientAsync("Rita Rotate");
            messageId = await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
                .SendSecureMessageAsync(new NewSecureMessage("Results", body), await first.TeamStaffActorAsync());
            Assert.True((await VerifyAuditAsync(first)).Intact);
        }

        var reader = new AuditActor(patient.Id, PortalRoles.Patient, "203.0.113.7");
        var (second, secondRunning) = await StartAsync(_new, previous: _old);
        await using (secondRunning)
        {
            var rotation = second.Services.GetRequiredService<KekRotation>();
            var before = await rotation.StatusAsync();
            Assert.False(before.Done);
            using (var browser = second.NewClient())
            {
                await browser.SignInAsync(patient);
                Assert.Contains(body, await browser.GetPageAsync($"/messages/{messageId}"));
            }

            // The patient keeps reading while everything is re-wrapped.
            var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
            using var stop = new CancellationTokenSource();
            var reads = 0;
            var load = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Assert.Equal(body, (await grain.OpenMessageAsync(messageId, reader))!.Body);
                    reads++;
                }
            });
            var moved = await rotation.RunAsync();
            await Task.Delay(200);
            await stop.CancelAsync();
            await load;
            Assert.True(reads > 0);
            Assert.True(moved >= 2, $"moved {moved}"); // at least the data key and the authenticator secret
            var after = await rotation.StatusAsync();
            Assert.True(after.Done, $"{after.DataKeysOnCurrent}/{after.DataKeys}, {after.OtherOnPrevious} other");
            Assert.True((await VerifyAuditAsync(second)).Intact);
        }

        var (third, thirdRunning) = await StartAsync(_new);
        await using (thirdRunning)
        {
            using var browser = third.NewClient();
            await browser.SignInAsync(patient);
            Assert.Contains(body, await browser.GetPageAsync($"/messages/{messageId}"));
            var audit = await VerifyAuditAsync(third);
            Assert.True(audit.Intact, audit.Summary);

            using var admin = third.NewClient();
            await admin.SignInAsync(await third.CreateAccountAsync(PortalRoles.Admin));
            Assert.Contains("No rotation is under way", await admin.GetPageAsync("/admin/keys"));
        }
    }

    [Fact]
    public async Task Without_the_previous_key_what_it_alone_wrapped_stays_unreadable()
    {
        Guid patientId;
        var (first, firstRunning) = await StartAsync(_old);
        await using (firstRunning)
            patientId = (await first.CreatePatientAsync("Olga Old")).Id;

        // The new key alone, with nothing re-wrapped: the data key is refused, clearly, and nothing is changed.
        var (second, secondRunning) = await StartAsync(_new);
        await using (secondRunning)
        {
            var ring = second.Services.GetRequiredService<PatientKeyRing>();
            var error = await Assert.ThrowsAsync<CryptographicException>(() => ring.FindAsync(patientId));
            Assert.Contains("not configured", error.Message);
            Assert.False((await second.Services.GetRequiredService<KekRotation>().StatusAsync()).Done);
        }
    }
}
