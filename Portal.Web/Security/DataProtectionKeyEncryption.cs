using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Portal.Grains.Encryption;

namespace Portal.Web.Security;

/// <summary>
/// Encrypts the keys that protect session cookies and anti-forgery tokens with the portal's
/// key-encryption key before they are written to disk; without this they would lie there in clear,
/// and whoever read the folder could forge any user's session.
/// </summary>
public sealed class KekXmlEncryptor(KeyEncryptionKey kek) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var secret = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XAttribute("kekId", kek.Id),
            new XComment(" Encrypted with the portal's key-encryption key (AES-256-GCM). "),
            new XElement("value", Convert.ToBase64String(kek.Protect(secret, Purpose))));
        return new EncryptedXmlInfo(element, typeof(KekXmlDecryptor));
    }
}

/// <summary>The other half of <see cref="KekXmlEncryptor"/>; the data-protection system creates it with the service provider.</summary>
public sealed class KekXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kek = services.GetRequiredService<KeyEncryptionKey>();
        var value = encryptedElement.Element("value")?.Value ?? throw new InvalidOperationException("The encrypted data-protection key has no value.");
        return XElement.Parse(Encoding.UTF8.GetString(kek.Unprotect(Convert.FromBase64String(value), KekXmlEncryptor.Purpose)));
    }
}
