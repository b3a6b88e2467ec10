using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Portal.Grains.Audit;
using Portal.Grains.Identity;
using Portal.Grains.Patients;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Grains;

[Collection(PortalCollection.Name)]
public sealed class EncryptionAtRestTests(PortalFactory portal)
{
    [Fact]
    public async Task The_database_never_holds_subject_body_or_name_in_clear()
    {
        var marker = $"Zyx{Guid.NewGuid():N}";
        var patient = await portal.CreatePatientAsync($"Name{marker}");
        var grain = portal.Services.GetRequiredService<IGrainFactory>().GetGrain<IPatientGrain>(patient.Id);
        var id = await grain.SendSecureMessageAsync(new NewSecureMessage($"Subject{marker}", $"Body{marker} diagnosis"),
            await portal.TeamStaffActorAsync());

        // The raw row: ciphertext only, and it does not contain the text in any encoding.
        var row = await portal.Database.RawRowAsync("SecureMessages", id);
        foreach (var (column, value) in row)
        {
            var bytes = value as byte[] ?? Encoding.UTF8.GetBytes(value.ToString() ?? "");
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(marker)), $"column {column} holds clear text");
        }

        // Nor anywhere in the database's files, journal or write-ahead log included.
        var files = await portal.Database.StorageFilesAsync();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await TestDatabase.ReadStorageFileAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(marker)), $"{Path.GetFileName(file)} holds clear text (UTF-8)");
            Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(marker)), $"{Path.GetFileName(file)} holds clear text (UTF-16)");
        }

        // And yet the patient's grain reads it back.
        var view = await grain.OpenMessageAsync(id, new AuditActor(patient.Id, PortalRoles.Patient, null));
        Assert.Equal($"Body{marker} diagnosis", view!.Body);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

[Collection(PortalCollection.Name)]
public sealed class AuthenticatorSecretAtRestTests(PortalFactory portal)
{
    [Fact]
    public async Task Authenticator_secrets_are_stored_encrypted_and_still_work()
    {
        var patient = await portal.CreatePatientAsync();
        await using (var db = portal.Database.Factory().CreateDbContext())
        {
            // Identity's token table has a composite key, so it is read through the model, which converts nothing here.
            var stored = await db.UserTokens.Where(t => t.UserId == patient.Id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleOrDefaultAsync();
            Assert.NotNull(stored);
            Assert.StartsWith("kek:", stored);
            Assert.DoesNotContain(patient.TotpSecret!, stored);
        }
        using var client = portal.NewClient();
        await client.SignInAsync(patient); // the code from the clear secret is still accepted
    }
}
