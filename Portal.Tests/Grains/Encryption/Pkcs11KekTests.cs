using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Portal.Grains.Encryption;
using Portal.Grains.Patients;
using Portal.Tests.Grains.Delivery;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains.Encryption;

/// <summary>The KEK inside a PKCS#11 HSM (SoftHSM 2): it wraps and derives there, cannot be read out, produces the
/// same layout as a KEK in memory, and the product rotates onto it from a KEK held in a file or the environment.</summary>
public sealed class Pkcs11KekTests
{
    [Fact]
    public void The_hsm_wraps_and_derives_and_never_gives_out_the_key()
    {
        var token = SoftHsm.NewToken();
        using var cipher = new Pkcs11KekCipher(token);
        var kek = new KeyEncryptionKey(cipher);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var patient = Guid.NewGuid();

        var wrapped = kek.Wrap(dataKey, patient);
        Assert.Equal((byte)1, wrapped[0]);
        Assert.Equal(1 + 12 + 16 + 32, wrapped.Length);
        Assert.Equal(dataKey, kek.Unwrap(wrapped, patient));
        Assert.Throws<AuthenticationTagMismatchException>(() => new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32)).Unwrap(wrapped, patient));
        Assert.ThrowsAny<CryptographicException>(() => kek.Unwrap(wrapped, Guid.NewGuid()));
        wrapped[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => kek.Unwrap(wrapped, patient));

        // Another session on the same token is the same key; another token is not.
        using var again = new Pkcs11KekCipher(token);
        Assert.Equal(cipher.Id, again.Id);
        Assert.Equal(kek.DeriveKey("audit-checkpoint-signing"), new KeyEncryptionKey(again).DeriveKey("audit-checkpoint-signing"));
        Assert.NotEqual(kek.DeriveKey("a"), kek.DeriveKey("b"));
        using var other = new Pkcs11KekCipher(SoftHsm.NewToken());
        Assert.NotEqual(cipher.Id, other.Id);
        Assert.False(SoftHsm.KeyValueReadable(token));
    }

    [Fact]
    public async Task The_product_moves_its_kek_into_the_hsm_and_then_runs_on_the_hsm_alone()
    {
        var directory = Directory.CreateTempSubdirectory("portal-hsm-").FullName;
        await using var database = TestDatabase.Create(directory);
        var memoryKek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var token = SoftHsm.NewToken();
        Dictionary<string, string?> Settings(bool hsm, string? previous) => new(database.Settings)
        {
            ["Portal:DataDirectory"] = directory,
            ["Encryption:KeyEncryptionKey"] = memoryKek,
            ["Encryption:Pkcs11:LibraryPath"] = hsm ? token.LibraryPath : null,
            ["Encryption:Pkcs11:TokenLabel"] = hsm ? token.TokenLabel : null,
            ["Encryption:Pkcs11:Pin"] = hsm ? token.Pin : null,
            ["Encryption:PreviousKeyEncryptionKeys:0"] = previous,
        };

        const string body = "Bring your glucose log on Monday.";
        Portal.Web.Infrastructure.ProvisionedAccount patient;
        Guid messageId;
        var first = PortalFactory.With(Settings(hsm: false, previous: null));
        await using (await first.StartAsync())
        {
            patient = await first.CreatePatientAsync("Hana Hsm");
            messageId = await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id)
                .SendSecureMessageAsync(new NewSecureMessage("Appointment", body), await first.TeamStaffActorAsync());
        }

        var second = PortalFactory.With(Settings(hsm: true, previous: memoryKek));
        await using (await second.StartAsync())
        {
            var rotation = second.Services.GetRequiredService<KekRotation>();
            Assert.StartsWith(new Pkcs11KekCipher(token).Id, (await rotation.StatusAsync()).CurrentKeyId);
            await rotation.RunAsync();
            Assert.True((await rotation.StatusAsync()).Done);
        }

        var third = PortalFactory.With(Settings(hsm: true, previous: null));
        await using (await third.StartAsync())
        {
            using var browser = third.NewClient();
            await browser.SignInAsync(patient);
            Assert.Contains(body, await browser.GetPageAsync($"/messages/{messageId}"));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
