using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Dkim;
using Portal.Messaging.Protection;

namespace Portal.Tests.Messaging.Protection;

/// <summary>
/// CR or LF smuggled into a subject, display name or header value must never start a header line
/// of its own in the raw output, whichever protection the message went through.
/// </summary>
[Collection(GpgCollection.Name)]
public sealed class HeaderInjectionTests(SmimeTestPki pki, GpgTestKeys gpg, DkimKeys dkim)
    : IClassFixture<SmimeTestPki>, IClassFixture<DkimKeys>
{
    public static TheoryData<string> Payloads => new()
    {
        "Results\r\nBcc: attacker@evil.example",
        "Results\nBcc: attacker@evil.example",
        "Results\rBcc: attacker@evil.example",
        "Results\r\n\r\nInjected body line",
        "Results\r\n Bcc: attacker@evil.example",
    };

    private static MimeMessage Hostile(string payload)
    {
        var message = TestMessages.Notice(subject: payload);
        message.To.Clear();
        message.To.Add(new MailboxAddress(payload, "pat@patient.example.net"));
        message.Headers.Add("X-Portal-Campaign", payload);
        return message;
    }

    private static void AssertNoInjectedHeaders(MimeMessage message)
    {
        var raw = Encoding.UTF8.GetString(TestMessages.ToBytes(message));
        var head = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        foreach (var line in head.Split("\r\n"))
        {
            // A line is either a continuation (leading white space) or a header we put there.
            Assert.False(line.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase), $"Injected header line: {line}");
            Assert.False(line.StartsWith("Injected", StringComparison.Ordinal), $"Injected line: {line}");
            Assert.True(line.Length == 0 || char.IsWhiteSpace(line[0]) || line.Contains(':'), $"Stray header line: {line}");
        }
        Assert.DoesNotContain('\r', head.Replace("\r\n", ""));
        Assert.DoesNotContain('\n', head.Replace("\r\n", ""));

        var parsed = TestMessages.Parse(Encoding.UTF8.GetBytes(raw));
        Assert.Empty(parsed.Bcc);
        Assert.DoesNotContain(parsed.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Subject);
        var to = Assert.Single(parsed.To.Mailboxes);
        Assert.Equal("pat@patient.example.net", to.Address);
    }

    [Fact]
    public void The_check_catches_a_real_injection()
    {
        var raw = "From: care@portal.example.org\r\nTo: pat@patient.example.net\r\nSubject: Results\r\nBcc: attacker@evil.example\r\n\r\nBody\r\n";
        var injected = TestMessages.Parse(Encoding.ASCII.GetBytes(raw));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoInjectedHeaders(injected));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Plain_message(string payload)
    {
        var message = Hostile(payload);
        AssertNoInjectedHeaders(message);
        // The text survives as content of the one header, not as a header of its own.
        var parsed = TestMessages.Parse(TestMessages.ToBytes(message));
        Assert.Contains(payload.Contains("attacker") ? "attacker@evil.example" : "Injected body line", parsed.Subject ?? "");
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Dkim_signed_message(string payload)
    {
        using var signer = new Portal.Messaging.Dkim.DkimSigner(Options.Create(new DkimOptions
        {
            Domain = "portal.example.org", Selector = "s1", PrivateKeyPath = dkim.RsaPath,
        }));
        var message = Hostile(payload);
        signer.Sign(message);
        AssertNoInjectedHeaders(message);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Smime_protected_message(string payload) =>
        AssertNoInjectedHeaders(new SmimeProtector(pki.Org).SignAndEncrypt(Hostile(payload), pki.Recipient));

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Pgp_protected_message(string payload) =>
        AssertNoInjectedHeaders(new PgpMimeProtector(PgpSigningKey.Load(gpg.OrgSecretKey, GpgTestKeys.OrgPassphrase)).SignAndEncrypt(Hostile(payload), gpg.RsaRecipientKey));
}
