using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Portal.Messaging.Dkim;

/// <summary>Turns configured PEM into signing keys, refusing keys receivers would reject.</summary>
internal static class DkimKeyLoader
{
    // RFC 8301 makes 1024 bits the floor; 2048 is what mailbox providers now expect.
    public const int MinimumRsaBits = 2048;

    public static string ReadPem(DkimKeyOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPem))
            return options.PrivateKeyPem;
        if (string.IsNullOrWhiteSpace(options.PrivateKeyPath))
            throw new InvalidOperationException($"DKIM selector '{options.Selector}' has no private key.");
        return File.ReadAllText(options.PrivateKeyPath);
    }

    public static RSA LoadRsa(string selector, string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            // The exception text can quote the PEM; keep key material out of logs.
            throw new InvalidOperationException($"DKIM selector '{selector}': the private key is not an unencrypted RSA PEM key.");
        }
        if (rsa.KeySize < MinimumRsaBits)
        {
            var bits = rsa.KeySize;
            rsa.Dispose();
            throw new InvalidOperationException($"DKIM selector '{selector}': RSA key has {bits} bits; at least {MinimumRsaBits} are required.");
        }
        return rsa;
    }

    public static Ed25519PrivateKeyParameters LoadEd25519(string selector, string pem)
    {
        try
        {
            var fields = PemEncoding.Find(pem);
            if (!pem.AsSpan(fields.Label).SequenceEqual("PRIVATE KEY"))
                throw new FormatException();
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            if (PrivateKeyFactory.CreateKey(der) is Ed25519PrivateKeyParameters key)
                return key;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or IOException or SecurityUtilityException or CryptographicException)
        {
        }
        throw new InvalidOperationException($"DKIM selector '{selector}': the private key is not an unencrypted PKCS#8 Ed25519 PEM key.");
    }
}
