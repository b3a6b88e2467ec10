using System.Text;
using MimeKit;
using Org.BouncyCastle.Bcpg;
using Portal.Messaging.Protection;

namespace Portal.Tests.Messaging.Protection;

[Collection(GpgCollection.Name)]
public sealed class PgpMimeProtectorTests(GpgTestKeys keys)
{
    private PgpMimeProtector Protector() => new(PgpSigningKey.Load(keys.OrgSecretKey, GpgTestKeys.OrgPassphrase));

    private static string ArmoredPart(MimeMessage message)
    {
        var multipart = Assert.IsAssignableFrom<Multipart>(message.Body);
        var part = Assert.IsAssignableFrom<MimePart>(multipart[1]);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Encoding.ASCII.GetString(stream.ToArray());
    }

    public static TheoryData<string> Recipients => new() { "rsa", "curve25519" };

    private string KeyFor(string kind) => kind == "rsa" ? keys.RsaRecipientKey : keys.CurveRecipientKey;

    private static MimeMessage NoticeFor(string kind)
    {
        var message = TestMessages.Notice();
        if (kind != "rsa")
        {
            message.To.Clear();
            message.To.Add(new MailboxAddress("Sam Example", "sam@patient.example.net"));
        }
        return message;
    }

    [Theory]
    [MemberData(nameof(Recipients))]
    public void Gpg_decrypts_the_message_and_reports_a_good_signature(string kind)
    {
        var message = Protector().SignAndEncrypt(NoticeFor(kind), KeyFor(kind));
        // Round-trip through raw MIME, as the recipient's mail client would receive it.
        var received = TestMessages.Parse(TestMessages.ToBytes(message));
        var file = keys.Scratch($"message-{kind}.asc");
        File.WriteAllText(file, ArmoredPart(received));

        var result = keys.RecipientGpg("--status-fd", "2", "--decrypt", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[GNUPG:] DECRYPTION_OKAY", result.StdErr);
        Assert.Contains("[GNUPG:] GOODSIG", result.StdErr);
        Assert.Contains($"[GNUPG:] VALIDSIG {keys.OrgFingerprint}", result.StdErr);
        Assert.Contains("[GNUPG:] GOODMDC", result.StdErr);

        var entity = MimeEntity.Load(new MemoryStream(result.StdOutBytes));
        var text = Assert.IsType<TextPart>(Assert.IsType<MultipartAlternative>(entity)[0]);
        Assert.Equal(TestMessages.PlainText, text.Text.ReplaceLineEndings("\r\n"));
    }

    [Fact]
    public void Output_is_rfc3156_multipart_encrypted_with_headers_kept()
    {
        var message = Protector().SignAndEncrypt(TestMessages.Notice(), keys.RsaRecipientKey);
        var raw = Encoding.UTF8.GetString(TestMessages.ToBytes(message));

        Assert.Contains("Subject: Your lab results are ready", raw);
        Assert.Contains("Message-Id: <outbox-42@portal.example.org>", raw);
        Assert.Contains("Content-Type: multipart/encrypted;", raw);
        Assert.Contains("protocol=\"application/pgp-encrypted\"", raw);
        Assert.Contains("Content-Type: application/pgp-encrypted\r\n", raw);
        Assert.Contains("Version: 1", raw);
        Assert.Contains("Content-Type: application/octet-stream", raw);
        Assert.Contains("-----BEGIN PGP MESSAGE-----", raw);
        Assert.DoesNotContain("BouncyCastle", raw);
        Assert.DoesNotContain("within range", raw);

        var parsed = TestMessages.Parse(Encoding.UTF8.GetBytes(raw));
        var multipart = Assert.IsAssignableFrom<Multipart>(parsed.Body);
        Assert.Equal("multipart/encrypted", multipart.ContentType.MimeType);
        Assert.Equal("application/pgp-encrypted", multipart.ContentType.Parameters["protocol"]);
        Assert.Equal(2, multipart.Count);
        Assert.Equal("application/pgp-encrypted", multipart[0].ContentType.MimeType);
        Assert.Equal("application/octet-stream", multipart[1].ContentType.MimeType);
    }

    [Fact]
    public void Tampered_ciphertext_is_rejected_by_gpg()
    {
        var message = Protector().SignAndEncrypt(TestMessages.Notice(), keys.RsaRecipientKey);
        using var armored = new ArmoredInputStream(new MemoryStream(Encoding.ASCII.GetBytes(ArmoredPart(message))));
        using var binary = new MemoryStream();
        armored.CopyTo(binary);
        var bytes = binary.ToArray();
        // Flip bits inside the encrypted data packet, past the key packets at the front.
        for (var i = bytes.Length - 200; i < bytes.Length - 190; i++)
            bytes[i] ^= 0x21;
        var file = keys.Scratch("tampered.gpg");
        File.WriteAllBytes(file, bytes);

        var result = keys.RecipientGpg("--status-fd", "2", "--decrypt", file);
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("[GNUPG:] GOODMDC", result.StdErr);
        Assert.False(result.StdErr.Contains("[GNUPG:] GOODSIG") && result.StdOut.Contains("Your care team"));
    }

    [Fact]
    public void Someone_without_the_recipient_key_cannot_decrypt()
    {
        var message = Protector().SignAndEncrypt(TestMessages.Notice(), keys.RsaRecipientKey);
        var file = keys.Scratch("not-for-org.asc");
        File.WriteAllText(file, ArmoredPart(message));
        var result = keys.OrgGpg("--status-fd", "2", "--decrypt", file);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("NO_SECKEY", result.StdErr);
    }

    [Fact]
    public void Encryption_incapable_recipient_key_is_refused()
    {
        var error = Assert.Throws<RecipientKeyRejectedException>(() => Protector().SignAndEncrypt(TestMessages.Notice(), keys.SignOnlyKey));
        Assert.Contains("cannot encrypt", error.Reason);
        Assert.DoesNotContain("@", error.Message);
    }

    [Fact]
    public void Key_of_someone_not_addressed_is_refused()
    {
        // The message goes to Pat; Sam's perfectly good key must not be used for it.
        var error = Assert.Throws<RecipientKeyRejectedException>(() => Protector().SignAndEncrypt(TestMessages.Notice(), keys.CurveRecipientKey));
        Assert.Contains("no user ID for the recipient's address", error.Reason);
        Assert.DoesNotContain("@", error.Message);
    }

    [Fact]
    public void Wrong_passphrase_does_not_unlock_the_signing_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PgpSigningKey.Load(keys.OrgSecretKey, "not the passphrase"));
        Assert.Contains("could not be unlocked", error.Message);
        Assert.Equal(keys.OrgFingerprint, PgpSigningKey.Load(keys.OrgSecretKey, GpgTestKeys.OrgPassphrase).Fingerprint);
    }
}
