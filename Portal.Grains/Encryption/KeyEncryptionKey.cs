using System.Security.Cryptography;
using System.Text;

namespace Portal.Grains.Encryption;

/// <summary>The key that wraps patients' data keys. Never stored in the database.</summary>
public sealed class KeyEncryptionKey
{
    private readonly byte[] _key;

    public KeyEncryptionKey(byte[] key)
    {
        if (key.Length != 32)
            throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(key));
        _key = key;
        // A short fingerprint tells which KEK wrapped a data key without revealing the KEK.
        Id = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes("portal-kek-id:").Concat(key).ToArray()))[..16];
    }

    public string Id { get; }

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, Guid patientId) =>
        PhiCipher.Encrypt(_key, dataKey, Context(patientId));

    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, Guid patientId) =>
        PhiCipher.Decrypt(_key, wrapped, Context(patientId));

    /// <summary>Encrypts other secrets the product keeps on disk (e.g. cookie-protection keys), bound to their purpose.</summary>
    public byte[] Protect(ReadOnlySpan<byte> secret, string purpose) => PhiCipher.Encrypt(_key, secret, Encoding.ASCII.GetBytes($"purpose:{purpose}"));

    public byte[] Unprotect(ReadOnlySpan<byte> protectedSecret, string purpose) => PhiCipher.Decrypt(_key, protectedSecret, Encoding.ASCII.GetBytes($"purpose:{purpose}"));

    /// <summary>A key of its own for one purpose (HKDF-SHA256), e.g. the audit checkpoints' signing key: held, like the
    /// KEK, outside the database, and never usable as the KEK itself.</summary>
    public byte[] DeriveKey(string purpose, int length = 32) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, length, info: Encoding.ASCII.GetBytes($"portal-derived:{purpose}"));

    private static byte[] Context(Guid patientId) => Encoding.ASCII.GetBytes($"patient-data-key:{patientId:N}");

    /// <summary>Reads the KEK from configuration, or in Development creates a key file on first start.</summary>
    public static KeyEncryptionKey Load(EncryptionOptions options, string defaultKeyFile, bool isDevelopment)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
            return new KeyEncryptionKey(Decode(options.KeyEncryptionKey, "Encryption:KeyEncryptionKey"));

        var file = options.KeyEncryptionKeyFile ?? (isDevelopment ? defaultKeyFile : null)
            ?? throw new InvalidOperationException("Set Encryption:KeyEncryptionKey or Encryption:KeyEncryptionKeyFile; outside Development no key is generated.");

        if (!File.Exists(file))
        {
            if (!isDevelopment)
                throw new InvalidOperationException($"The key-encryption key file '{file}' does not exist.");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new KeyEncryptionKey(Decode(File.ReadAllText(file).Trim(), file));
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key in {source} is not valid base64.");
        }
    }
}
