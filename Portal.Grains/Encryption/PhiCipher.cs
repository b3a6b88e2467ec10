using System.Security.Cryptography;

namespace Portal.Grains.Encryption;

/// <summary>
/// AES-256-GCM for PHI at rest. Layout: version (1) | nonce (12) | tag (16) | ciphertext.
/// The associated data binds a ciphertext to its row and column, so a value copied into
/// another patient's row or another field fails to decrypt instead of being misread.
/// </summary>
internal static class PhiCipher
{
    internal const byte Version = 1;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int HeaderSize = 1 + NonceSize + TagSize;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), associatedData);
        return output;
    }

    /// <exception cref="CryptographicException">The data was changed, belongs elsewhere, or the key is wrong.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertext.Length < HeaderSize || ciphertext[0] != Version)
            throw new CryptographicException("Unsupported or truncated ciphertext.");
        var plaintext = new byte[ciphertext.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(ciphertext.Slice(1, NonceSize), ciphertext[HeaderSize..], ciphertext.Slice(1 + NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
