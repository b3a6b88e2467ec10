using System.Security.Cryptography;
using System.Text;

namespace Portal.Grains.Encryption;

/// <summary>
/// What a key-encryption key does, wherever it is held: AES-256-GCM with associated data in the
/// <see cref="PhiCipher"/> layout (so ciphertexts do not depend on where the key lives), and keyed derivation of
/// the product's other keys.
/// </summary>
public interface IKekCipher
{
    /// <summary>A short fingerprint naming the key without revealing it.</summary>
    string Id { get; }

    byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData);

    /// <exception cref="CryptographicException">Another key, another context, or changed data.</exception>
    byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData);

    /// <summary>A key of <paramref name="length"/> bytes for the purpose <paramref name="info"/> names.</summary>
    byte[] Derive(ReadOnlySpan<byte> info, int length);
}

/// <summary>A KEK held as bytes in this process.</summary>
internal sealed class RawKekCipher : IKekCipher
{
    private readonly byte[] _key;

    public RawKekCipher(byte[] key)
    {
        if (key.Length != 32)
            throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(key));
        _key = key;
        Id = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes("portal-kek-id:").Concat(key).ToArray()))[..16];
    }

    public string Id { get; }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData) => PhiCipher.Encrypt(_key, plaintext, associatedData);

    public byte[] Decrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData) => PhiCipher.Decrypt(_key, ciphertext, associatedData);

    public byte[] Derive(ReadOnlySpan<byte> info, int length) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, length, info: info.ToArray());
}
