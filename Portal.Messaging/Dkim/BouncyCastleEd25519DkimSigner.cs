using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Portal.Messaging.Dkim;

/// <summary>
/// ed25519-sha256 (RFC 8463) through MimeKit's own path. .NET has no Ed25519, and BouncyCastle's
/// Ed25519 is fast (unlike its RSA), so nothing is gained by moving it.
/// </summary>
internal sealed class BouncyCastleEd25519DkimSigner : MimeKit.Cryptography.DkimSigner, IDkimAlgorithmSigner
{
    private readonly TimeProvider _clock;

    public BouncyCastleEd25519DkimSigner(Ed25519PrivateKeyParameters key, string domain, string selector, TimeProvider clock)
        : base(key, domain, selector, DkimSignatureAlgorithm.Ed25519Sha256)
    {
        _clock = clock;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
    }

    protected override long GetTimestamp() => _clock.GetUtcNow().ToUnixTimeSeconds();
}
