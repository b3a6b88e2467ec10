using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Portal.Messaging.Dkim;

/// <summary>
/// Lets MimeKit's canonicalisation feed an RSA signature computed by the platform (OpenSSL on
/// Linux): BouncyCastle's managed RSA, which MimeKit uses by default, is many times slower.
/// One instance serves one signature; producing it releases the native hash state, so no
/// finaliser is left to run for every message signed.
/// </summary>
internal sealed class PlatformRsaSigningContext(RSA key) : ISigner
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string AlgorithmName => "SHA-256withRSA";

    // MimeKit never calls Init on a context it did not build itself; the key came in the constructor.
    public void Init(bool forSigning, ICipherParameters parameters) =>
        throw new NotSupportedException("The key is bound when the context is created.");

    public void Update(byte input) => _hash.AppendData([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int GetMaxSignatureSize() => key.KeySize / 8;

    public byte[] GenerateSignature()
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        _hash.Dispose();
        return key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public bool VerifySignature(byte[] signature)
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        _hash.Dispose();
        return key.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public void Reset()
    {
        Span<byte> discard = stackalloc byte[32];
        _hash.GetHashAndReset(discard);
    }
}
