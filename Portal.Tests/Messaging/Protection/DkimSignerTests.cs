using System.Text;
using Microsoft.Extensions.Configuration;
using MimeKit;
using MimeKit.Cryptography;
using Portal.Messaging.Dkim;
using DkimSigner = Portal.Messaging.Dkim.DkimSigner;

namespace Portal.Tests.Messaging.Protection;

public sealed class DkimSignerTests(DkimKeys keys) : IClassFixture<DkimKeys>
{
    private const string Domain = "portal.example.org";

    private DkimOptions Options(bool withEd25519 = true) => new()
    {
        Domain = Domain,
        Selector = "rsa2026",
        PrivateKeyPath = keys.RsaPath,
        Ed25519Selector = withEd25519 ? "ed2026" : null,
        Ed25519PrivateKeyPath = withEd25519 ? keys.Ed25519Path : null,
    };

    private static DkimSigner Signer(DkimOptions options, TimeProvider? clock = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), clock);

    private static List<bool> VerifyWithMimeKit(MimeMessage message, DkimSigner signer) => DkimVerifiers.MimeKit(message, signer, Domain);

    private static ToolResult VerifyWithDkimpy(byte[] raw, DkimSigner signer) => DkimVerifiers.Dkimpy(raw, signer, Domain);

    private static string DkimValue(MimeMessage message, string algorithm) =>
        message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => h.Value).Single(v => v.Contains("a=" + algorithm + ";"));

    [Fact]
    public void Rsa_and_ed25519_signatures_verify_with_mimekit()
    {
        using var signer = Signer(Options());
        var message = TestMessages.Notice();
        signer.Sign(message);

        var parsed = TestMessages.Parse(TestMessages.ToBytes(message));
        var results = VerifyWithMimeKit(parsed, signer);
        Assert.Equal([true, true], results);
        Assert.Contains("c=relaxed/relaxed", DkimValue(parsed, "rsa-sha256"));
        Assert.Contains("s=ed2026", DkimValue(parsed, "ed25519-sha256"));
    }

    [Fact]
    public void Rsa_and_ed25519_signatures_verify_with_dkimpy()
    {
        using var signer = Signer(Options());
        var message = TestMessages.Notice();
        signer.Sign(message);

        var result = VerifyWithDkimpy(TestMessages.ToBytes(message), signer);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rsa-sha256: pass", result.StdOut);
        Assert.Contains("ed25519-sha256: pass", result.StdOut);
    }

    [Fact]
    public void Signature_covers_the_headers_that_matter_and_oversigns_them()
    {
        using var signer = Signer(Options(withEd25519: false));
        var message = TestMessages.Notice();
        signer.Sign(message);

        var value = DkimValue(message, "rsa-sha256");
        var h = value.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("h=")).Substring(2).Replace(" ", "").Replace("\t", "");
        var fields = h.Split(':');
        foreach (var name in new[] { "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "list-unsubscribe", "list-unsubscribe-post" })
            Assert.Contains(name, fields);
        Assert.Equal(2, fields.Count(f => f == "from"));
        Assert.DoesNotContain("bcc", fields);
        Assert.Contains("bh=", value);
    }

    [Fact]
    public void Tampered_body_fails_both_verifiers()
    {
        using var signer = Signer(Options());
        var message = TestMessages.Notice();
        signer.Sign(message);
        var raw = Encoding.UTF8.GetString(TestMessages.ToBytes(message));

        var tampered = Encoding.UTF8.GetBytes(raw.Replace("within range", "out of range"));
        Assert.NotEqual(raw, Encoding.UTF8.GetString(tampered));

        Assert.Equal([false, false], VerifyWithMimeKit(TestMessages.Parse(tampered), signer));
        var result = VerifyWithDkimpy(tampered, signer);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rsa-sha256: fail", result.StdOut);
    }

    [Fact]
    public void Tampered_subject_fails_both_verifiers()
    {
        using var signer = Signer(Options());
        var message = TestMessages.Notice();
        signer.Sign(message);
        var raw = Encoding.UTF8.GetString(TestMessages.ToBytes(message));

        var tampered = Encoding.UTF8.GetBytes(raw.Replace("Subject: Your lab results are ready", "Subject: Urgent: confirm your password"));
        Assert.NotEqual(raw, Encoding.UTF8.GetString(tampered));

        Assert.Equal([false, false], VerifyWithMimeKit(TestMessages.Parse(tampered), signer));
        Assert.NotEqual(0, VerifyWithDkimpy(tampered, signer).ExitCode);
    }

    [Fact]
    public void A_from_header_added_above_the_signed_one_fails_verification_because_it_is_oversigned()
    {
        // A verifier takes each header named in h= from the bottom up (RFC 6376 section 5.4.2), so a From added *above*
        // the signed one is never read by a signature that names From once: the mail verifies and a reader may be shown
        // the attacker's address. Naming From once more than it occurs (oversigning) covers the empty slot above it.
        static byte[] AddFromOnTop(MimeMessage signed) =>
            [.. Encoding.ASCII.GetBytes("From: attacker@evil.example\r\n"), .. TestMessages.ToBytes(signed)];

        using var signer = Signer(Options(withEd25519: false));
        var withoutOversigning = TestMessages.Notice();
        new MimeKit.Cryptography.DkimSigner(keys.RsaPath, Domain, "rsa2026", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        }.Sign(withoutOversigning, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        // MimeKit's verifier follows the rule to the letter (dkimpy refuses any mail with two From headers, so it cannot
        // tell the two signers apart): without oversigning the added From goes unnoticed.
        Assert.Equal([true], VerifyWithMimeKit(TestMessages.Parse(AddFromOnTop(withoutOversigning)), signer));

        var message = TestMessages.Notice();
        signer.Sign(message);
        Assert.Equal([true], VerifyWithMimeKit(TestMessages.Parse(TestMessages.ToBytes(message)), signer));
        Assert.Equal([false], VerifyWithMimeKit(TestMessages.Parse(AddFromOnTop(message)), signer));
        Assert.NotEqual(0, VerifyWithDkimpy(AddFromOnTop(message), signer).ExitCode);
    }

    [Fact]
    public void Rotation_switches_selector_when_the_next_key_becomes_active()
    {
        var switchAt = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var options = Options(withEd25519: false);
        options.Keys.Add(new DkimKeyOptions { Selector = "rsa2026b", PrivateKeyPem = File.ReadAllText(keys.RsaNextPath), ActiveFrom = switchAt });
        var clock = new MutableClock(switchAt.AddDays(-1));
        using var signer = Signer(options, clock);

        var before = TestMessages.Notice();
        signer.Sign(before);
        clock.Now = switchAt.AddSeconds(1);
        var after = TestMessages.Notice();
        signer.Sign(after);

        Assert.Contains("s=rsa2026;", DkimValue(before, "rsa-sha256"));
        Assert.Contains("s=rsa2026b;", DkimValue(after, "rsa-sha256"));
        Assert.Equal(2, signer.DnsRecords.Count);
        Assert.Equal([true], VerifyWithMimeKit(after, signer));
        Assert.Equal(0, VerifyWithDkimpy(TestMessages.ToBytes(after), signer).ExitCode);
    }

    [Fact]
    public void Timestamp_comes_from_the_clock_and_lifetime_sets_expiry()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var options = Options(withEd25519: false);
        options.SignatureLifetime = TimeSpan.FromDays(7);
        using var signer = Signer(options, new MutableClock(now));
        var message = TestMessages.Notice();
        signer.Sign(message);

        var value = DkimValue(message, "rsa-sha256");
        Assert.Contains($"t={now.ToUnixTimeSeconds()};", value);
        Assert.Contains($"x={now.AddDays(7).ToUnixTimeSeconds()}", value);
    }

    [Fact]
    public void One_signer_serves_many_threads()
    {
        using var signer = Signer(Options());
        var messages = Enumerable.Range(0, 64).Select(i => TestMessages.Notice($"Results #{i}")).ToArray();
        Parallel.ForEach(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, signer.Sign);
        Assert.All(messages, m => Assert.Equal([true, true], VerifyWithMimeKit(m, signer)));
    }

    [Fact]
    public void Weak_rsa_key_is_refused()
    {
        var options = Options(withEd25519: false);
        options.PrivateKeyPath = keys.WeakRsaPath;
        var error = Assert.Throws<InvalidOperationException>(() => Signer(options));
        Assert.Contains("1024 bits", error.Message);
    }

    [Fact]
    public void Garbage_key_is_refused_without_echoing_it()
    {
        var options = Options(withEd25519: false);
        options.PrivateKeyPath = null;
        options.PrivateKeyPem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----\n";
        var error = Assert.Throws<InvalidOperationException>(() => Signer(options));
        Assert.DoesNotContain("c2VjcmV0", error.Message);

        var ed = Options();
        ed.Ed25519PrivateKeyPath = keys.RsaPath;
        Assert.Contains("Ed25519", Assert.Throws<InvalidOperationException>(() => Signer(ed)).Message);
    }

    [Fact]
    public void Options_bind_from_the_dkim_section_and_validate()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dkim:Domain"] = Domain,
            ["Dkim:Selector"] = "rsa2026",
            ["Dkim:PrivateKeyPath"] = keys.RsaPath,
            ["Dkim:Keys:0:Selector"] = "ed-next",
            ["Dkim:Keys:0:Algorithm"] = "Ed25519Sha256",
            ["Dkim:Keys:0:PrivateKeyPath"] = keys.Ed25519Path,
            ["Dkim:Keys:0:ActiveFrom"] = "2026-06-01T00:00:00Z",
        }).Build();
        var options = new DkimOptions();
        configuration.GetSection(DkimOptions.SectionName).Bind(options);

        Assert.Empty(Validate(options));
        Assert.Equal(DkimKeyAlgorithm.Ed25519Sha256, Assert.Single(options.Keys).Algorithm);

        Assert.Empty(Validate(new DkimOptions()));
        Assert.Contains(Validate(new DkimOptions { Domain = Domain, Ed25519Selector = "ed", Ed25519PrivateKeyPath = keys.Ed25519Path }), e => e.Contains("rsa-sha256"));
        Assert.Contains(Validate(new DkimOptions { Domain = Domain, Selector = "bad selector", PrivateKeyPath = keys.RsaPath }), e => e.Contains("not a valid"));
        Assert.Contains(Validate(new DkimOptions { Domain = Domain, Selector = "s", PrivateKeyPath = keys.RsaPath, SignedHeaders = ["Received"] }), e => e.Contains("Received"));
    }

    private static List<string> Validate(DkimOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
