using System.Text;
using Microsoft.Data.Sqlite;
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
        await using (var connection = new SqliteConnection($"Data Source={portal.DatabasePath};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM SecureMessages WHERE Id = $id";
            command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "the message row exists");
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                var bytes = value as byte[] ?? Encoding.UTF8.GetBytes(value.ToString() ?? "");
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(marker)), $"column {reader.GetName(i)} holds clear text");
            }
        }

        // Nor anywhere in the database files, journal included.
        foreach (var file in Directory.GetFiles(portal.DataDirectory, "portal.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(marker)), $"{Path.GetFileName(file)} holds clear text (UTF-8)");
            Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(marker)), $"{Path.GetFileName(file)} holds clear text (UTF-16)");
        }

        // And yet the patient's grain reads it back.
        var view = await grain.OpenMessageAsync(id, new AuditActor(patient.Id, PortalRoles.Patient, null));
        Assert.Equal($"Body{marker} diagnosis", view!.Body);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
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
        await using (var connection = new SqliteConnection($"Data Source={portal.DatabasePath};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "SELECT Value FROM AspNetUserTokens WHERE UserId = $id AND Name = 'AuthenticatorKey'";
            command.Parameters.AddWithValue("$id", patient.Id.ToString().ToUpperInvariant());
            var stored = (string?)await command.ExecuteScalarAsync();
            Assert.NotNull(stored);
            Assert.StartsWith("kek:", stored);
            Assert.DoesNotContain(patient.TotpSecret!, stored);
        }
        using var client = portal.NewClient();
        await client.SignInAsync(patient); // the code from the clear secret is still accepted
    }
}
