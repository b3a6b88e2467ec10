using System.Security.Cryptography;
using System.Text;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using ApplicationPkcs7Mime = MimeKit.Cryptography.ApplicationPkcs7Mime;
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
    // Loaded once: taking the key out of the certificate for every message costs an import and a
    // fresh blinding set-up in OpenSSL each time. RSA private-key operations are safe to share.
    private readonly RSA _signingKey;
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
        _signingKey = signingCertificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The signing certificate must have an RSA key.", nameof(signingCertificate));
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
        var signed = Sign(CanonicalMime.ToBytes(output.Body!));

        var envelope = new EnvelopedCms(new ContentInfo(signed), new AlgorithmIdentifier(new Oid(Aes256CbcOid), 256));
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

    /// <summary>
    /// The <c>multipart/signed</c> entity (RFC 8551 3.5.3) around <paramref name="content"/>, a MIME
    /// entity in canonical form, as the bytes that get encrypted. Written out directly rather than
    /// through a parsed copy: the signed part must stay byte for byte what was hashed.
    /// </summary>
    internal byte[] Sign(byte[] content)
    {
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer, _signingKey)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        cmsSigner.Certificates.AddRange(_intermediates);
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(_clock.GetUtcNow().UtcDateTime));
        cmsSigner.SignedAttributes.Add(Capabilities);

        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(cmsSigner, silent: true);
        var signature = Convert.ToBase64String(cms.Encode(), Base64FormattingOptions.InsertLineBreaks);

        // The CRLF before each delimiter belongs to the delimiter (RFC 2046 5.1.1), so the first
        // part is exactly `content`. "=_" never occurs in base64 or quoted-printable text, and 96
        // random bits keep 7-bit text from matching the boundary by chance.
        var boundary = "=_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var head = Encoding.ASCII.GetBytes(
            "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n" +
            $"\tboundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n");
        var tail = Encoding.ASCII.GetBytes(
            $"\r\n--{boundary}\r\n" +
            "Content-Type: application/pkcs7-signature; name=smime.p7s\r\n" +
            "Content-Disposition: attachment; filename=smime.p7s\r\n" +
            "Content-Transfer-Encoding: base64\r\n\r\n" +
            signature + $"\r\n--{boundary}--\r\n");
        return [.. head, .. content, .. tail];
    }
}
