using System.Text;
using MimeKit;
using Portal.Messaging.Protection;

namespace Portal.Tests.Messaging.Protection;

public sealed class SmimeProtectorTests(SmimeTestPki pki) : IClassFixture<SmimeTestPki>
{
    private string Protect(string name, out MimeMessage protectedMessage)
    {
        var protector = new SmimeProtector(pki.Org);
        protectedMessage = protector.SignAndEncrypt(TestMessages.Notice(), pki.Recipient);
        var path = pki.Scratch(name + ".eml");
        File.WriteAllBytes(path, TestMessages.ToBytes(protectedMessage));
        return path;
    }

    private ToolResult Decrypt(string input, string output, string? recipientPem = null, string? recipientKey = null) =>
        ExternalTool.Run("openssl", "cms", "-decrypt", "-in", input, "-recip", recipientPem ?? pki.RecipientPem, "-inkey", recipientKey ?? pki.RecipientKey, "-out", output);

    private ToolResult Verify(string input, string output) =>
        ExternalTool.Run("openssl", "cms", "-verify", "-in", input, "-CAfile", pki.CaPem, "-out", output);

    [Fact]
    public void Openssl_decrypts_and_verifies_and_the_plaintext_matches()
    {
        var eml = Protect("roundtrip", out _);
        var signed = pki.Scratch("roundtrip.signed.eml");
        var content = pki.Scratch("roundtrip.content.eml");

        var decrypt = Decrypt(eml, signed);
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.StartsWith("Content-Type: multipart/signed", File.ReadAllText(signed));

        var verify = Verify(signed, content);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verification successful", verify.StdErr);

        var entity = MimeEntity.Load(content);
        var text = Assert.IsType<TextPart>(Assert.IsType<MultipartAlternative>(entity)[0]);
        Assert.Equal(TestMessages.PlainText, text.Text.ReplaceLineEndings("\r\n"));
    }

    [Fact]
    public void Outer_message_keeps_its_headers_and_carries_only_ciphertext()
    {
        var eml = Protect("headers", out var message);
        var raw = File.ReadAllText(eml);
        var head = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];

        Assert.Contains("From: Example Clinic <care@portal.example.org>", head);
        Assert.Contains("To: Pat Example <pat@patient.example.net>", head);
        Assert.Contains("Subject: Your lab results are ready", head);
        Assert.Contains("Message-Id: <outbox-42@portal.example.org>", head);
        Assert.Contains("Date: Sun, 01 Mar 2026 09:30:00 +0000", head);
        Assert.Contains("Content-Type: application/pkcs7-mime; smime-type=enveloped-data;", head);
        Assert.Contains("name=smime.p7m", head);
        Assert.Contains("Content-Transfer-Encoding: base64", head);
        Assert.DoesNotContain("within range", raw);
        Assert.DoesNotContain("multipart/alternative", raw);
        Assert.IsType<MimeKit.Cryptography.ApplicationPkcs7Mime>(message.Body);
    }

    [Fact]
    public void Content_is_aes256_cbc_and_key_transport_is_rsa_oaep_sha256()
    {
        var eml = Protect("algorithms", out _);
        var print = ExternalTool.Run("openssl", "cms", "-cmsout", "-print", "-in", eml);
        Assert.True(print.ExitCode == 0, print.ToString());
        Assert.Contains("aes-256-cbc", print.StdOut);
        Assert.Contains("rsaesOaep", print.StdOut);
        Assert.Contains("sha256", print.StdOut);
        Assert.DoesNotContain("rsaEncryption", print.StdOut.Split("keyEncryptionAlgorithm")[1].Split("encryptedKey")[0]);
    }

    [Fact]
    public void Signature_carries_signing_time_and_aes_capabilities()
    {
        var eml = Protect("attributes", out _);
        var signed = pki.Scratch("attributes.signed.eml");
        Assert.Equal(0, Decrypt(eml, signed).ExitCode);
        var print = ExternalTool.Run("openssl", "cms", "-cmsout", "-print", "-in", signed);
        Assert.True(print.ExitCode == 0, print.ToString());
        Assert.Contains("signingTime", print.StdOut);
        Assert.Contains("S/MIME Capabilities (1.2.840.113549.1.9.15)", print.StdOut);
        Assert.Contains(":aes-256-cbc", print.StdOut);
        Assert.Contains("sha256", print.StdOut);
    }

    [Fact]
    public void Only_the_recipient_key_decrypts()
    {
        var eml = Protect("wrongkey", out _);
        var result = Decrypt(eml, pki.Scratch("wrongkey.out"), pki.OrgPem, pki.OrgKey);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void Tampered_ciphertext_does_not_yield_a_verified_message()
    {
        var protector = new SmimeProtector(pki.Org);
        var message = protector.SignAndEncrypt(TestMessages.Notice(), pki.Recipient);
        var part = (MimeKit.Cryptography.ApplicationPkcs7Mime)message.Body!;
        using var der = new MemoryStream();
        part.Content!.DecodeTo(der);
        var bytes = der.ToArray();
        // Corrupt the middle of the encrypted content (the bulk of the structure).
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 16; i++)
            bytes[i] ^= 0x5A;
        message.Body = new MimeKit.Cryptography.ApplicationPkcs7Mime(MimeKit.Cryptography.SecureMimeType.EnvelopedData, new MemoryStream(bytes));
        var eml = pki.Scratch("tampered-cipher.eml");
        File.WriteAllBytes(eml, TestMessages.ToBytes(message));

        var signed = pki.Scratch("tampered-cipher.signed.eml");
        var decrypt = Decrypt(eml, signed);
        var verified = decrypt.ExitCode == 0 && Verify(signed, pki.Scratch("tampered-cipher.content")).ExitCode == 0;
        Assert.False(verified, "A corrupted ciphertext decrypted to a message that still verified.");
    }

    [Fact]
    public void Tampered_signed_content_fails_verification()
    {
        var eml = Protect("tampered-sig", out _);
        var signed = pki.Scratch("tampered-sig.signed.eml");
        Assert.Equal(0, Decrypt(eml, signed).ExitCode);

        var original = File.ReadAllText(signed);
        Assert.Contains("Your care team", original);
        File.WriteAllText(signed, original.Replace("Your care team", "Your care teem"));
        var verify = Verify(signed, pki.Scratch("tampered-sig.content"));
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("Verification failure", verify.StdErr);
    }

    [Fact]
    public void Untrusted_signer_fails_verification()
    {
        var eml = Protect("untrusted", out _);
        var signed = pki.Scratch("untrusted.signed.eml");
        Assert.Equal(0, Decrypt(eml, signed).ExitCode);
        // Trust only the recipient's own certificate: the clinic's signature must not be accepted.
        var verify = ExternalTool.Run("openssl", "cms", "-verify", "-in", signed, "-CAfile", pki.RecipientPem, "-out", pki.Scratch("untrusted.content"));
        Assert.NotEqual(0, verify.ExitCode);
    }

    [Fact]
    public void Unusable_recipient_certificate_is_refused_without_naming_the_recipient()
    {
        var expired = SmimeTestPki.MakeCertificate(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1));
        var protector = new SmimeProtector(pki.Org);
        var error = Assert.Throws<RecipientKeyRejectedException>(() => protector.SignAndEncrypt(TestMessages.Notice(), expired));
        Assert.Contains("expired", error.Message);
        Assert.DoesNotContain("@", error.Message);
        Assert.DoesNotContain("Pat", error.Message);
    }

    [Fact]
    public void Certificate_of_someone_not_addressed_is_refused()
    {
        // The clinic's own certificate is valid for encryption, but the message is to Pat.
        var error = Assert.Throws<RecipientKeyRejectedException>(() => new SmimeProtector(pki.Org).SignAndEncrypt(TestMessages.Notice(), pki.Org));
        Assert.Contains("not issued for the recipient's address", error.Reason);
        Assert.DoesNotContain("@", error.Message);
    }

    [Fact]
    public void The_callers_message_is_left_unchanged()
    {
        var message = TestMessages.Notice();
        var before = Encoding.UTF8.GetString(TestMessages.ToBytes(message));
        new SmimeProtector(pki.Org).SignAndEncrypt(message, pki.Recipient);
        Assert.Equal(before, Encoding.UTF8.GetString(TestMessages.ToBytes(message)));
    }
}
