using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Portal.Messaging.Protection;

/// <summary>
/// Parses a recipient's OpenPGP public key (ASCII-armored or binary) and picks the key to encrypt
/// to: refuses malformed input, several keys at once, revoked or expired primary keys, weak RSA,
/// and keys with no valid, unexpired, unrevoked encryption-capable (sub)key. Self-signatures are
/// verified, so a forged subkey or binding cannot be slipped into someone's key.
/// </summary>
public sealed class PgpKeyValidator(TimeProvider? clock = null)
{
    /// <summary>Smallest accepted RSA modulus.</summary>
    public const int MinimumRsaBits = 2048;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Checks an ASCII-armored public key block.</summary>
    /// <param name="armoredPublicKey">The key as pasted or uploaded.</param>
    /// <param name="expectedAddresses">When given, a self-certified user ID must carry one of these addresses.</param>
    public RecipientKeyCheck<PgpPublicKey> Validate(string armoredPublicKey, IReadOnlyCollection<string>? expectedAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(armoredPublicKey);
        if (armoredPublicKey.Contains("PRIVATE KEY BLOCK", StringComparison.Ordinal))
            return RecipientKeyCheck<PgpPublicKey>.Refuse("This is a private key; only the public key is needed (and the private key should be kept secret).");
        // The armor decoder stops after the first block, so count blocks before decoding.
        var blocks = armoredPublicKey.Split("-----BEGIN PGP PUBLIC KEY BLOCK-----").Length - 1;
        if (blocks > 1)
            return RecipientKeyCheck<PgpPublicKey>.Refuse($"The text holds {blocks} public keys; supply exactly one.");
        return Validate(System.Text.Encoding.ASCII.GetBytes(armoredPublicKey), expectedAddresses);
    }

    /// <summary>Checks a public key block given as armored or binary bytes.</summary>
    /// <param name="publicKey">The key block.</param>
    /// <param name="expectedAddresses">
    /// When given, a self-certified user ID must carry one of these addresses, so a message is
    /// never encrypted to someone else's key by a mix-up.
    /// </param>
    public RecipientKeyCheck<PgpPublicKey> Validate(byte[] publicKey, IReadOnlyCollection<string>? expectedAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        PgpPublicKeyRing ring;
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(publicKey));
            var bundle = new PgpPublicKeyRingBundle(decoder);
            var rings = bundle.GetKeyRings().ToList();
            if (rings.Count == 0)
                return RecipientKeyCheck<PgpPublicKey>.Refuse("The text holds no OpenPGP public key.");
            if (rings.Count > 1)
                return RecipientKeyCheck<PgpPublicKey>.Refuse($"The text holds {rings.Count} public keys; supply exactly one.");
            ring = rings[0];
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException or FormatException or EndOfStreamException or InvalidCastException)
        {
            return RecipientKeyCheck<PgpPublicKey>.Refuse("The OpenPGP public key could not be read: it is malformed or truncated.");
        }
        return Check(ring, expectedAddresses);
    }

    private RecipientKeyCheck<PgpPublicKey> Check(PgpPublicKeyRing ring, IReadOnlyCollection<string>? expectedAddresses)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var primary = ring.GetPublicKey();

        if (HasValidRevocation(primary, PgpSignature.KeyRevocation, primary, null))
            return RecipientKeyCheck<PgpPublicKey>.Refuse("The key has been revoked by its owner.");
        if (primary.CreationTime > now.AddMinutes(5))
            return RecipientKeyCheck<PgpPublicKey>.Refuse("The key claims to be created in the future.");

        var selfSignature = NewestValid(SelfCertifications(primary), s => VerifySelfCertification(s, primary));
        if (selfSignature is null)
            return RecipientKeyCheck<PgpPublicKey>.Refuse("The key has no valid self-signature on any user ID.");
        if (ExpiresAt(primary, selfSignature) is { } primaryExpiry && primaryExpiry <= now)
            return RecipientKeyCheck<PgpPublicKey>.Refuse($"The key expired on {primaryExpiry:yyyy-MM-dd}.");
        if (Weak(primary) is { } weakPrimary)
            return RecipientKeyCheck<PgpPublicKey>.Refuse(weakPrimary);

        string? lastProblem = null;
        PgpPublicKey? best = null;
        foreach (var key in ring.GetPublicKeys())
        {
            PgpSignature? binding;
            if (key.IsMasterKey)
            {
                binding = selfSignature;
            }
            else
            {
                binding = NewestValid(key.GetSignaturesOfType(PgpSignature.SubkeyBinding), s => Verify(() => s.VerifyCertification(primary, key), s, primary));
                if (binding is null)
                    continue;
                if (HasValidRevocation(key, PgpSignature.SubkeyRevocation, primary, key))
                {
                    lastProblem = "The key's encryption subkey has been revoked.";
                    continue;
                }
            }

            if (!key.IsEncryptionKey || !AllowsEncryption(binding, key))
                continue;
            if (ExpiresAt(key, binding) is { } expiry && expiry <= now)
            {
                lastProblem = $"The key's encryption subkey expired on {expiry:yyyy-MM-dd}.";
                continue;
            }
            if (Weak(key) is { } weak)
            {
                lastProblem = weak;
                continue;
            }
            if (best is null || key.CreationTime > best.CreationTime)
                best = key;
        }

        if (best is null)
            return RecipientKeyCheck<PgpPublicKey>.Refuse(lastProblem ?? "The key cannot encrypt: it has no encryption-capable subkey (it is for signing only).");
        if (expectedAddresses is not null && !CertifiedAddresses(primary).Any(a => expectedAddresses.Any(e => string.Equals(a, e.Trim(), StringComparison.OrdinalIgnoreCase))))
            return RecipientKeyCheck<PgpPublicKey>.Refuse("The key has no user ID for the recipient's address.");
        return RecipientKeyCheck<PgpPublicKey>.Accept(best);
    }

    private static IEnumerable<PgpSignature> SelfCertifications(PgpPublicKey primary) =>
        primary.GetSignatures().Where(s =>
            s.KeyId == primary.KeyId && s.SignatureType is PgpSignature.DefaultCertification or PgpSignature.NoCertification
                or PgpSignature.CasualCertification or PgpSignature.PositiveCertification);

    private static IEnumerable<string> CertifiedAddresses(PgpPublicKey primary)
    {
        foreach (var id in primary.GetUserIds())
        {
            var certified = (primary.GetSignaturesForId(id) ?? []).Any(s =>
                s.KeyId == primary.KeyId && s.IsCertification() && Verify(() => s.VerifyCertification(id, primary), s, primary));
            if (!certified)
                continue;
            // "Name <address>" is the usual form; a bare address is allowed too.
            var open = id.LastIndexOf('<');
            var close = id.LastIndexOf('>');
            yield return (open >= 0 && close > open ? id[(open + 1)..close] : id).Trim();
        }
    }

    private static bool VerifySelfCertification(PgpSignature signature, PgpPublicKey primary)
    {
        foreach (var id in primary.GetUserIds())
        {
            if (primary.GetSignaturesForId(id)?.Contains(signature) == true
                && Verify(() => signature.VerifyCertification(id, primary), signature, primary))
                return true;
        }
        return false;
    }

    private static bool HasValidRevocation(PgpPublicKey key, int type, PgpPublicKey primary, PgpPublicKey? subkey) =>
        key.GetSignaturesOfType(type).Any(s => s.KeyId == primary.KeyId && Verify(
            () => subkey is null ? s.VerifyCertification(primary) : s.VerifyCertification(primary, subkey), s, primary));

    private static PgpSignature? NewestValid(IEnumerable<PgpSignature> signatures, Func<PgpSignature, bool> verify) =>
        signatures.OrderByDescending(s => s.CreationTime).FirstOrDefault(verify);

    private static bool Verify(Func<bool> check, PgpSignature signature, PgpPublicKey signer)
    {
        try
        {
            signature.InitVerify(signer);
            return check();
        }
        catch (Exception e) when (e is PgpException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }

    private static DateTime? ExpiresAt(PgpPublicKey key, PgpSignature binding)
    {
        var seconds = binding.HasSubpackets ? binding.GetHashedSubPackets().GetKeyExpirationTime() : 0;
        return seconds > 0 ? key.CreationTime.AddSeconds(seconds) : null;
    }

    private static bool AllowsEncryption(PgpSignature binding, PgpPublicKey key)
    {
        // Without a key-flags subpacket (old keys) the algorithm decides.
        if (!binding.HasSubpackets || !binding.GetHashedSubPackets().HasSubpacket(SignatureSubpacketTag.KeyFlags))
            return key.IsEncryptionKey;
        var flags = binding.GetHashedSubPackets().GetKeyFlags();
        return (flags & (PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage)) != 0;
    }

    private static string? Weak(PgpPublicKey key) =>
        key.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign
            && key.BitStrength < MinimumRsaBits
            ? $"The key uses {key.BitStrength}-bit RSA; at least {MinimumRsaBits} bits are required."
            : key.Algorithm is PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral or PublicKeyAlgorithmTag.Dsa && key.BitStrength < MinimumRsaBits
                ? $"The key uses {key.BitStrength}-bit {key.Algorithm}; at least {MinimumRsaBits} bits are required."
                : null;
}
