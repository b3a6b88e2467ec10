using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.Messaging.Protection;

/// <summary>
/// Decides whether a recipient's X.509 certificate may be used for S/MIME encryption: in its
/// validity period, an RSA key of at least 2048 bits that is allowed to encipher keys, meant for
/// email, not a CA, and (when trust anchors are given) issued under one of them.
/// </summary>
public sealed class RecipientCertificateValidator
{
    /// <summary>Smallest accepted RSA modulus.</summary>
    public const int MinimumRsaBits = 2048;

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string EmailProtectionOid = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    private readonly TimeProvider _clock;
    private readonly X509Certificate2Collection? _trustAnchors;

    /// <summary>Creates a validator.</summary>
    /// <param name="clock">Source of "now" for the validity check.</param>
    /// <param name="trustAnchors">When given, the certificate must chain to one of these roots.</param>
    public RecipientCertificateValidator(TimeProvider? clock = null, X509Certificate2Collection? trustAnchors = null)
    {
        _clock = clock ?? TimeProvider.System;
        _trustAnchors = trustAnchors;
    }

    /// <summary>Checks a certificate given as DER or PEM bytes, as uploaded or fetched.</summary>
    /// <param name="encoded">The certificate.</param>
    /// <param name="expectedAddresses">When given, the certificate must be issued for one of these addresses.</param>
    public RecipientKeyCheck<X509Certificate2> Validate(ReadOnlySpan<byte> encoded, IReadOnlyCollection<string>? expectedAddresses = null)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(encoded);
        }
        catch (CryptographicException)
        {
            return RecipientKeyCheck<X509Certificate2>.Refuse("The certificate could not be read: it is not a DER or PEM X.509 certificate.");
        }
        return Validate(certificate, expectedAddresses);
    }

    /// <summary>Checks a parsed certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="expectedAddresses">
    /// When given, the certificate must be issued for one of these addresses, so a message is
    /// never encrypted to someone else's certificate by a mix-up.
    /// </param>
    public RecipientKeyCheck<X509Certificate2> Validate(X509Certificate2 certificate, IReadOnlyCollection<string>? expectedAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var reason = Check(certificate);
        if (reason is null && expectedAddresses is not null && !CertificateAddresses.Matches(CertificateAddresses.Of(certificate), expectedAddresses))
            reason = "The certificate was not issued for the recipient's address.";
        return reason is null
            ? RecipientKeyCheck<X509Certificate2>.Accept(certificate)
            : RecipientKeyCheck<X509Certificate2>.Refuse(reason);
    }

    private string? Check(X509Certificate2 certificate)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime())
            return $"The certificate is not valid yet (valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC).";
        if (now > certificate.NotAfter.ToUniversalTime())
            return $"The certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.";

        // RSASSA-PSS-only and EC keys cannot carry an RSA key-transport recipient.
        if (certificate.PublicKey.Oid.Value != RsaEncryptionOid)
            return $"The certificate's key is {certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}, not RSA; only RSA keys are accepted for encryption.";

        int bits;
        try
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is null)
                return "The certificate's RSA public key could not be read.";
            bits = rsa.KeySize;
        }
        catch (CryptographicException)
        {
            return "The certificate's RSA public key could not be read.";
        }
        if (bits < MinimumRsaBits)
            return $"The certificate's RSA key has {bits} bits; at least {MinimumRsaBits} are required.";

        foreach (var extension in certificate.Extensions)
        {
            switch (extension)
            {
                case X509KeyUsageExtension usage when !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment):
                    return "The certificate's key usage does not allow key encipherment, so it cannot receive encrypted mail.";
                case X509EnhancedKeyUsageExtension eku when !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is EmailProtectionOid or AnyExtendedKeyUsageOid):
                    return "The certificate's extended key usage does not include email protection.";
                case X509BasicConstraintsExtension { CertificateAuthority: true }:
                    return "The certificate is a CA certificate, not a person's or mailbox's certificate.";
            }
        }

        if (_trustAnchors is { Count: > 0 })
            return CheckChain(certificate, now);
        return null;
    }

    private string? CheckChain(X509Certificate2 certificate, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustAnchors!);
        // Revocation data is fetched out of band (no network on the send path); see the README.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (chain.Build(certificate))
            return null;
        var status = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
        return $"The certificate does not chain to a trusted issuer ({string.Join(", ", status)}).";
    }
}
