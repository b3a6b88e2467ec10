using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using ApplicationPkcs7Mime = MimeKit.Cryptography.ApplicationPkcs7Mime;
using ApplicationPkcs7Signature = MimeKit.Cryptography.ApplicationPkcs7Signature;
using SecureMimeType = MimeKit.Cryptography.SecureMimeType;

namespace Portal.Messaging.Protection;

/// <summary>
/// S/MIME (RFC 8551) on the platform's crypto: signs the message body with the organisation's
/// certificate (SHA-256, detached <c>multipart/signed</c>), then encrypts that signed entity to the
/// recipients (AES-256-CBC content, RSA-OAEP with SHA-256 key transport) as
/// <c>application/pkcs7-mime; smime-type=enveloped-data</c>. Signing inside encryption keeps the
/// signature private and is what Outlook, Apple Mail, Thunderbird and OpenSSL all read.
/// </summary>
public sealed class SmimeProtector
{
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";

    // Tells the recipient's client which ciphers to use when it replies encrypted (RFC 8551 2.5.2);
    // without it clients may fall back to 3DES or RC2.
    private static readonly AsnEncodedData Capabilities = EncodeCapabilities(Aes256CbcOid, "2.16.840.1.101.3.4.1.22", "2.16.840.1.101.3.4.1.2");

    private readonly X509Certificate2 _signer;
    private readonly X509Certificate2Collection _intermediates;
    private readonly RecipientCertificateValidator _validator;
    private readonly TimeProvider _clock;

    /// <summary>Creates a protector for one signing identity.</summary>
    /// <param name="signingCertificate">The organisation's certificate with its RSA private key.</param>
    /// <param name="intermediates">Issuer certificates to include so recipients can build the chain.</param>
    /// <param name="validator">Checks each recipient certificate before it is used.</param>
    /// <param name="clock">Source of the signing time.</param>
    public SmimeProtector(X509Certificate2 signingCertificate, X509Certificate2Collection? intermediates = null,
        RecipientCertificateValidator? validator = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(signingCertificate);
        if (!signingCertificate.HasPrivateKey)
            throw new ArgumentException("The signing certificate needs its private key.", nameof(signingCertificate));
        using (var key = signingCertificate.GetRSAPrivateKey())
        {
            if (key is null)
                throw new ArgumentException("The signing certificate must have an RSA key.", nameof(signingCertificate));
        }
        _signer = signingCertificate;
        _intermediates = intermediates ?? [];
        _clock = clock ?? TimeProvider.System;
        _validator = validator ?? new RecipientCertificateValidator(_clock);
    }

    /// <summary>
    /// Returns a new message with the same top-level headers whose body is the signed and
    /// encrypted original body. <paramref name="message"/> itself is not changed.
    /// </summary>
    /// <exception cref="RecipientKeyRejectedException">
    /// A recipient certificate is unusable, or not issued for any of the message's To/Cc/Bcc addresses.
    /// </exception>
    public MimeMessage SignAndEncrypt(MimeMessage message, params IReadOnlyList<X509Certificate2> recipientCertificates)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (recipientCertificates.Count == 0)
            throw new ArgumentException("At least one recipient certificate is needed.", nameof(recipientCertificates));
        var addresses = message.GetRecipients(onlyUnique: true).Select(m => m.Address).ToList();
        var recipients = new CmsRecipientCollection();
        foreach (var certificate in recipientCertificates)
        {
            var check = _validator.Validate(certificate, addresses);
            if (!check.IsAcceptable)
                throw new RecipientKeyRejectedException(check.Reason!);
            // OAEP-SHA256: PKCS#1 v1.5 key transport is open to padding-oracle attacks.
            recipients.Add(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, certificate, RSAEncryptionPadding.OaepSHA256));
        }

        var output = CanonicalMime.PreparedCopy(message);
        var signed = Sign(output.Body!);

        var envelope = new EnvelopedCms(new ContentInfo(CanonicalMime.ToBytes(signed)), new AlgorithmIdentifier(new Oid(Aes256CbcOid), 256));
        envelope.Encrypt(recipients);

        output.Body = new ApplicationPkcs7Mime(SecureMimeType.EnvelopedData, new MemoryStream(envelope.Encode()));
        return output;
    }

    private static AsnEncodedData EncodeCapabilities(params string[] cipherOids)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var oid in cipherOids)
            {
                using (writer.PushSequence())
                    writer.WriteObjectIdentifier(oid);
            }
        }
        return new AsnEncodedData(new Oid("1.2.840.113549.1.9.15"), writer.Encode());
    }

    /// <summary>Wraps <paramref name="entity"/> in a detached <c>multipart/signed</c>.</summary>
    internal Multipart Sign(MimeEntity entity)
    {
        var content = CanonicalMime.ToBytes(entity);

        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        cmsSigner.Certificates.AddRange(_intermediates);
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(_clock.GetUtcNow().UtcDateTime));
        cmsSigner.SignedAttributes.Add(Capabilities);

        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(cmsSigner, silent: true);

        // The signed part must be written back byte for byte as it was hashed; a parsed entity
        // keeps its raw headers and content, so re-serialising it reproduces `content`.
        var multipart = new Multipart("signed");
        multipart.ContentType.Parameters.Add("protocol", "application/pkcs7-signature");
        multipart.ContentType.Parameters.Add("micalg", "sha-256");
        multipart.Add(CanonicalMime.Parse(content));
        multipart.Add(new ApplicationPkcs7Signature(new MemoryStream(cms.Encode())));
        return multipart;
    }
}
