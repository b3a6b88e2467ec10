using MimeKit;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Portal.Messaging.Protection;

/// <summary>
/// PGP/MIME (RFC 3156): signs the message body with the organisation's OpenPGP key and encrypts
/// it to the recipients' keys in one OpenPGP message (the combined method of section 6.2),
/// carried as <c>multipart/encrypted; protocol="application/pgp-encrypted"</c>. Content is
/// AES-256 with an integrity packet (MDC), so tampering is detected on decryption.
/// </summary>
public sealed class PgpMimeProtector
{
    private readonly PgpSigningKey _signingKey;
    private readonly PgpKeyValidator _validator;
    private readonly TimeProvider _clock;
    private readonly SecureRandom _random = new();

    /// <summary>Creates a protector signing with <paramref name="signingKey"/>.</summary>
    public PgpMimeProtector(PgpSigningKey signingKey, PgpKeyValidator? validator = null, TimeProvider? clock = null)
    {
        _signingKey = signingKey ?? throw new ArgumentNullException(nameof(signingKey));
        _clock = clock ?? TimeProvider.System;
        _validator = validator ?? new PgpKeyValidator(_clock);
    }

    /// <summary>
    /// Returns a new message with the same top-level headers whose body is the signed and
    /// encrypted original body. <paramref name="message"/> itself is not changed.
    /// </summary>
    /// <param name="message">The message to protect.</param>
    /// <param name="armoredRecipientKeys">Each recipient's ASCII-armored public key.</param>
    /// <exception cref="RecipientKeyRejectedException">
    /// A recipient key is unusable, or has no user ID for any of the message's To/Cc/Bcc addresses.
    /// </exception>
    public MimeMessage SignAndEncrypt(MimeMessage message, params IReadOnlyList<string> armoredRecipientKeys)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (armoredRecipientKeys.Count == 0)
            throw new ArgumentException("At least one recipient key is needed.", nameof(armoredRecipientKeys));
        var addresses = message.GetRecipients(onlyUnique: true).Select(m => m.Address).ToList();
        var keys = new List<PgpPublicKey>();
        foreach (var armored in armoredRecipientKeys)
        {
            var check = _validator.Validate(armored, addresses);
            if (!check.IsAcceptable)
                throw new RecipientKeyRejectedException(check.Reason!);
            keys.Add(check.Key!);
        }

        var output = CanonicalMime.PreparedCopy(message);
        var armoredMessage = Encrypt(CanonicalMime.ToBytes(output.Body!), keys);

        var encrypted = new Multipart("encrypted");
        encrypted.ContentType.Parameters.Add("protocol", "application/pgp-encrypted");
        encrypted.Add(new MimePart("application", "pgp-encrypted")
        {
            Content = new MimeContent(new MemoryStream("Version: 1\r\n"u8.ToArray())),
            ContentTransferEncoding = ContentEncoding.SevenBit,
        });
        encrypted.Add(new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(armoredMessage)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "encrypted.asc" },
            ContentTransferEncoding = ContentEncoding.SevenBit,
        });
        output.Body = encrypted;
        return output;
    }

    private byte[] Encrypt(byte[] content, IReadOnlyList<PgpPublicKey> recipients)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        using var buffer = new MemoryStream();
        // No "Version: BouncyCastle" header: it tells an attacker which library to aim at.
        using (var armor = ArmoredOutputStream.Build().ClearHeaders().Build(buffer))
        {
            var encryptor = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, _random);
            foreach (var key in recipients)
                encryptor.AddMethod(key);

            using var encrypted = encryptor.Open(armor, new byte[1 << 16]);
            var compressor = new PgpCompressedDataGenerator(CompressionAlgorithmTag.Zip);
            using (var compressed = compressor.Open(encrypted))
            {
                var signer = new PgpSignatureGenerator(_signingKey.PublicKey.Algorithm, _signingKey.Hash);
                signer.InitSign(PgpSignature.BinaryDocument, _signingKey.PrivateKey, _random);
                var subpackets = new PgpSignatureSubpacketGenerator();
                subpackets.SetSignatureCreationTime(false, now);
                subpackets.SetIssuerKeyID(false, _signingKey.PublicKey.KeyId);
                subpackets.SetIssuerFingerprint(false, _signingKey.PublicKey);
                signer.SetHashedSubpackets(subpackets.Generate());

                signer.GenerateOnePassVersion(false).Encode(compressed);
                var literal = new PgpLiteralDataGenerator();
                using (var data = literal.Open(compressed, PgpLiteralData.Binary, "", content.Length, now))
                    data.Write(content);
                signer.Update(content);
                signer.Generate().Encode(compressed);
            }
        }
        return buffer.ToArray();
    }
}
