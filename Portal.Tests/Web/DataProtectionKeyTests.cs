using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Web;

[Collection(PortalCollection.Name)]
public sealed class DataProtectionKeyTests(PortalFactory portal)
{
    [Fact]
    public async Task Cookie_protection_keys_are_stored_encrypted_by_the_kek()
    {
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode); // issues an anti-forgery token, so a key exists
        var files = Directory.GetFiles(Path.Combine(portal.DataDirectory, "keys", "data-protection"), "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("<encryptedKey", xml);
            Assert.DoesNotContain("<masterKey", xml);
        }
    }
}
