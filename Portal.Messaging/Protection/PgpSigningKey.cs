using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Portal.Messaging.Protection;

/// <summary>
/// The organisation's OpenPGP signing key, unlocked once at start-up from an armored secret key
/// block (as <c>gpg --export-secret-keys --armor</c> writes it) and its passphrase.
/// </summary>
public sealed class PgpSigningKey
{
    private PgpSigningKey(PgpPublicKey publicKey, PgpPrivateKey privateKey)
    {
        PublicKey = publicKey;
        PrivateKey = privateKey;
    }

    /// <summary>The public half, whose fingerprint recipients see on the signature.</summary>
    public PgpPublicKey PublicKey { get; }

    internal PgpPrivateKey PrivateKey { get; }

    /// <summary>Upper-case hex fingerprint of the signing key.</summary>
    public string Fingerprint => Convert.ToHexString(PublicKey.GetFingerprint());

    /// <summary>
    /// Unlocks the newest signing-capable key in <paramref name="armoredSecretKey"/>.
    /// Throws <see cref="InvalidOperationException"/> (without echoing key text) when none can be unlocked.
    /// </summary>
    public static PgpSigningKey Load(string armoredSecretKey, ReadOnlySpan<char> passphrase)
    {
        ArgumentNullException.ThrowIfNull(armoredSecretKey);
        PgpSecretKeyRingBundle bundle;
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(armoredSecretKey)));
            bundle = new PgpSecretKeyRingBundle(decoder);
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException("The OpenPGP secret key block could not be read.");
        }

        var candidates = bundle.GetKeyRings()
            .SelectMany(ring => ring.GetSecretKeys())
            .Where(k => k.IsSigningKey && !k.IsPrivateKeyEmpty && !k.PublicKey.HasRevocation())
            .OrderByDescending(k => k.PublicKey.CreationTime)
            .ToList();
        if (candidates.Count == 0)
            throw new InvalidOperationException("The OpenPGP secret key block holds no usable signing key.");

        var secret = candidates[0];
        var chars = passphrase.ToArray();
        try
        {
            // GnuPG derives the key from the UTF-8 bytes of the passphrase.
            return new PgpSigningKey(secret.PublicKey, secret.ExtractPrivateKeyUtf8(chars));
        }
        catch (PgpException)
        {
            throw new InvalidOperationException("The OpenPGP signing key could not be unlocked: wrong passphrase or unsupported protection.");
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    internal HashAlgorithmTag Hash => HashAlgorithmTag.Sha256;
}
