using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Portal.Messaging.Dkim;

/// <summary>
/// MimeKit's DKIM signer (header selection, canonicalisation, body hash, header layout) with the
/// RSA step moved onto <see cref="RSA"/>. MimeKit insists on holding a BouncyCastle copy of the
/// key, but every signature goes through <see cref="CreateSigningContext"/>, so that copy never signs.
/// </summary>
internal sealed class PlatformRsaDkimSigner : MimeKit.Cryptography.DkimSigner
{
    private readonly RSA _key;
    private readonly TimeProvider _clock;

    public PlatformRsaDkimSigner(RSA key, string domain, string selector, TimeProvider clock)
        : base(DotNetUtilities.GetRsaKeyPair(key.ExportParameters(includePrivateParameters: true)).Private, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _key = key;
        _clock = clock;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
    }

    protected override ISigner CreateSigningContext() => new PlatformRsaSigningContext(_key);

    protected override long GetTimestamp() => _clock.GetUtcNow().ToUnixTimeSeconds();
}
