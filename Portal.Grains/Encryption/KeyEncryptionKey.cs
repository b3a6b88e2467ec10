using System.Security.Cryptography;
using System.Text;

namespace Portal.Grains.Encryption;

/// <summary>
/// The key that wraps patients' data keys. Never stored in the database. During a rotation it also holds the keys it
/// replaces (<see cref="Previous"/>): everything new is wrapped under this key, and what an earlier key wrapped still
/// opens until it has been re-wrapped.
/// </summary>
public sealed class KeyEncryptionKey
{
    private readonly IKekCipher _cipher;

    /// <summary>A KEK held as 32 bytes in this process (from a file or an environment-provided secret).</summary>
    public KeyEncryptionKey(byte[] key, IEnumerable<byte[]>? previous = null)
        : this(new RawKekCipher(key), (previous ?? []).Select(k => new KeyEncryptionKey(k)))
    {
    }

    /// <summary>A KEK behind any cipher, e.g. one that never leaves a hardware security module (<see cref="Pkcs11KekCipher"/>).</summary>
    public KeyEncryptionKey(IKekCipher cipher, IEnumerable<KeyEncryptionKey>? previous = null)
    {
        _cipher = cipher;
        Id = cipher.Id;
        Previous = [.. (previous ?? []).Where(k => k.Id != Id)];
    }

    public string Id { get; }

    /// <summary>The keys being rotated out, newest first; empty outside a rotation.</summary>
    public IReadOnlyList<KeyEncryptionKey> Previous { get; }

    /// <summary>This key or a previous one with that id, or null when no configured key has it.</summary>
    public KeyEncryptionKey? ForId(string id) => id == Id ? this : Previous.FirstOrDefault(k => k.Id == id);

    /// <summary>Unwraps with whichever configured key wrapped it (this one first); says which.</summary>
    public (byte[] DataKey, KeyEncryptionKey By) UnwrapAny(ReadOnlySpan<byte> wrapped, Guid patientId) =>
        Any(wrapped, (k, w) => k._cipher.Decrypt(w, Context(patientId)));

    /// <summary>Unprotects with whichever configured key protected it (this one first); says which.</summary>
    public (byte[] Secret, KeyEncryptionKey By) UnprotectAny(ReadOnlySpan<byte> protectedSecret, string purpose) =>
        Any(protectedSecret, (k, p) => k._cipher.Decrypt(p, Encoding.ASCII.GetBytes($"purpose:{purpose}")));

    private delegate byte[] Opener(KeyEncryptionKey key, ReadOnlySpan<byte> sealedBytes);

    private (byte[], KeyEncryptionKey) Any(ReadOnlySpan<byte> sealedBytes, Opener open)
    {
        foreach (var key in (KeyEncryptionKey[])[this, .. Previous])
        {
            try { return (open(key, sealedBytes), key); }
            catch (CryptographicException) when (!ReferenceEquals(key, Previous.LastOrDefault() ?? this)) { }
        }
        throw new CryptographicException("No configured key-encryption key opens this.");
    }

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, Guid patientId) => _cipher.Encrypt(dataKey, Context(patientId));

    /// <summary>Unwraps with whichever configured key wrapped it (during a rotation, a previous one too).</summary>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, Guid patientId) => UnwrapAny(wrapped, patientId).DataKey;

    /// <summary>Encrypts other secrets the product keeps on disk (e.g. cookie-protection keys), bound to their purpose.</summary>
    public byte[] Protect(ReadOnlySpan<byte> secret, string purpose) => _cipher.Encrypt(secret, Encoding.ASCII.GetBytes($"purpose:{purpose}"));

    public byte[] Unprotect(ReadOnlySpan<byte> protectedSecret, string purpose) => UnprotectAny(protectedSecret, purpose).Secret;

    /// <summary>A key of its own for one purpose (HKDF-SHA256), e.g. the audit checkpoints' signing key: held, like the
    /// KEK, outside the database, and never usable as the KEK itself.</summary>
    public byte[] DeriveKey(string purpose, int length = 32) => _cipher.Derive(Encoding.ASCII.GetBytes($"portal-derived:{purpose}"), length);

    private static byte[] Context(Guid patientId) => Encoding.ASCII.GetBytes($"patient-data-key:{patientId:N}");

    /// <summary>Reads the KEK from configuration, or in Development creates a key file on first start.</summary>
    public static KeyEncryptionKey Load(EncryptionOptions options, string defaultKeyFile, bool isDevelopment)
    {
        var previous = options.PreviousKeyEncryptionKeys.Where(k => !string.IsNullOrWhiteSpace(k))
            .Select((k, i) => Decode(k.Trim(), $"Encryption:PreviousKeyEncryptionKeys:{i}")).ToList();
        var previousKeys = previous.Select(k => new KeyEncryptionKey(k)).ToList();
        if (!string.IsNullOrWhiteSpace(options.Pkcs11.LibraryPath))
            return new KeyEncryptionKey(new Pkcs11KekCipher(options.Pkcs11), previousKeys);
        if (!string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
            return new KeyEncryptionKey(Decode(options.KeyEncryptionKey, "Encryption:KeyEncryptionKey"), previous);

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
        return new KeyEncryptionKey(Decode(File.ReadAllText(file).Trim(), file), previous);
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
