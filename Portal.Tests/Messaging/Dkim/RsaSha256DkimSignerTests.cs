using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Portal.Messaging.Dkim;
using Portal.Tests.Messaging.Protection;
using DkimSigner = Portal.Messaging.Dkim.DkimSigner;

namespace Portal.Tests.Messaging.Dkim;

/// <summary>
/// The platform rsa-sha256 signer on messages shaped to stress canonicalisation, checked by two
/// independent verifiers (MimeKit's and dkimpy) and, for the body hash, against MimeKit's stock signer.
/// </summary>
public sealed class RsaSha256DkimSignerTests(DkimKeys keys) : IClassFixture<DkimKeys>
{
    private const string Domain = "portal.example.org";

    public static TheoryData<string> Shapes => [.. MessageShapes.Keys];

    private DkimSigner Signer(bool withEd25519) => new(Microsoft.Extensions.Options.Options.Create(new DkimOptions
    {
        Domain = Domain,
        Selector = "rsa2026",
        PrivateKeyPath = keys.RsaPath,
        Ed25519Selector = withEd25519 ? "ed2026" : null,
        Ed25519PrivateKeyPath = withEd25519 ? keys.Ed25519Path : null,
    }));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Signature_verifies_with_mimekit_and_dkimpy(string shape)
    {
        using var signer = Signer(withEd25519: true);
        var message = MessageShapes[shape]();
        signer.Sign(message);
        var raw = TestMessages.ToBytes(message);

        Assert.Equal([true, true], VerifyWithMimeKit(TestMessages.Parse(raw), signer));
        var dkimpy = VerifyWithDkimpy(raw, signer);
        Assert.True(dkimpy.ExitCode == 0, dkimpy.ToString());
        Assert.Contains("rsa-sha256: pass", dkimpy.StdOut);
        Assert.Contains("ed25519-sha256: pass", dkimpy.StdOut);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Body_hash_equals_the_one_mimekits_stock_signer_computes(string shape)
    {
        using var signer = Signer(withEd25519: false);
        var message = MessageShapes[shape]();
        signer.Sign(message);
        var ours = Tag(RsaSignature(message), "bh");

        StockSigner().Sign(message, DkimHeaderList.For(message, []));
        var stock = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => h.Value).First(v => !v.Contains("s=rsa2026;"));

        Assert.Equal(Tag(stock, "bh"), ours);
    }

    [Fact]
    public void Header_lines_stay_under_78_characters()
    {
        using var signer = Signer(withEd25519: false);
        var message = MessageShapes["long folded subject"]();
        signer.Sign(message);

        var headerBlock = Encoding.ASCII.GetString(TestMessages.ToBytes(message)).Split("\r\n\r\n")[0];
        var signatureLines = headerBlock.Split("\r\n").SkipWhile(l => !l.StartsWith("DKIM-Signature:")).TakeWhile((l, i) => i == 0 || l.StartsWith('\t')).ToList();
        Assert.True(signatureLines.Count > 3, headerBlock);
        Assert.All(signatureLines, line => Assert.True(line.Length < 78, line));
        foreach (var tag in new[] { "v=1", "a=rsa-sha256", "d=portal.example.org", "s=rsa2026", "c=relaxed/relaxed", "t=", "h=from:from:", "bh=", "b=" })
            Assert.Contains(tag, RsaSignature(message).Replace(" ", ""));
    }

    [Fact]
    public void Changed_body_byte_fails_both_verifiers()
    {
        using var signer = Signer(withEd25519: false);
        var message = MessageShapes["multipart alternative with attachment"]();
        signer.Sign(message);
        var raw = TestMessages.ToBytes(message);

        // One letter of the attachment's base64, far from the headers.
        var tampered = (byte[])raw.Clone();
        var index = Encoding.ASCII.GetString(raw).LastIndexOf("Content-Disposition", StringComparison.Ordinal) + 200;
        tampered[index] = tampered[index] == (byte)'A' ? (byte)'B' : (byte)'A';

        Assert.Equal([false], VerifyWithMimeKit(TestMessages.Parse(tampered), signer));
        Assert.Contains("rsa-sha256: fail", VerifyWithDkimpy(tampered, signer).StdOut);
        Assert.Equal([true], VerifyWithMimeKit(TestMessages.Parse(raw), signer));
    }

    [Fact]
    public void Changed_signed_header_fails_both_verifiers()
    {
        using var signer = Signer(withEd25519: false);
        var message = MessageShapes["non-ascii subject and display name"]();
        signer.Sign(message);
        var raw = Encoding.ASCII.GetString(TestMessages.ToBytes(message));

        var tampered = Encoding.ASCII.GetBytes(raw.Replace("<pat@patient.example.net>", "<pat@attacker.example>"));
        Assert.NotEqual(raw, Encoding.ASCII.GetString(tampered));

        Assert.Equal([false], VerifyWithMimeKit(TestMessages.Parse(tampered), signer));
        Assert.Contains("rsa-sha256: fail", VerifyWithDkimpy(tampered, signer).StdOut);
    }

    [Fact]
    public void Whitespace_relays_may_change_still_verifies()
    {
        using var signer = Signer(withEd25519: false);
        var message = MessageShapes["trailing spaces and tabs"]();
        signer.Sign(message);
        var raw = Encoding.ASCII.GetString(TestMessages.ToBytes(message));

        // Relaxed canonicalisation exists for this: refolded headers, trailing blanks and blank lines added.
        var rewrapped = Encoding.ASCII.GetBytes(raw.Replace("Subject: ", "Subject:\r\n\t  ") + "\r\n\r\n");
        Assert.Equal(0, VerifyWithDkimpy(rewrapped, signer).ExitCode);
        Assert.Equal([true], VerifyWithMimeKit(TestMessages.Parse(rewrapped), signer));
    }

    private MimeKit.Cryptography.DkimSigner StockSigner()
    {
        AsymmetricKeyParameter key;
        using (var reader = File.OpenText(keys.RsaPath))
            key = (AsymmetricKeyParameter)new PemReader(reader).ReadObject();
        return new MimeKit.Cryptography.DkimSigner(key, Domain, "stock", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }

    private static string RsaSignature(MimeMessage message) =>
        message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => h.Value).Single(v => v.Contains("a=rsa-sha256;") && v.Contains("s=rsa2026;"));

    private static string Tag(string value, string name) =>
        value.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0].Trim() == name)[1].Replace(" ", "").Replace("\t", "");

    private static List<bool> VerifyWithMimeKit(MimeMessage message, DkimSigner signer) => DkimVerifiers.MimeKit(message, signer, Domain);

    private static ToolResult VerifyWithDkimpy(byte[] raw, DkimSigner signer) => DkimVerifiers.Dkimpy(raw, signer, Domain);

    private static MimeMessage Message(MimeEntity body, string subject = "Your lab results are ready", string toName = "Pat Example")
    {
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = "outbox-7@portal.example.org",
            Date = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero),
            Body = body,
        };
        message.From.Add(new MailboxAddress("Example Clinic", "care@portal.example.org"));
        message.To.Add(new MailboxAddress(toName, "pat@patient.example.net"));
        return message;
    }

    private static TextPart Plain(string text) => new(TextFormat.Plain) { Text = text };

    private static readonly Dictionary<string, Func<MimeMessage>> MessageShapes = new()
    {
        ["trailing spaces and tabs"] = () => Message(Plain("Dear patient,   \r\n\tindented\t\tline \t\r\nwords  with   gaps\r\n")),
        ["runs of blank lines at the end"] = () => Message(Plain("Your care team\r\n\r\n\r\n\r\n\r\n")),
        ["empty body"] = () => Message(Plain("")),
        ["body of only line ends"] = () => Message(Plain("\r\n\r\n\r\n")),
        ["no line end after the last line"] = () => Message(Plain("See you on Monday.")),
        ["long folded subject"] = () => Message(Plain("Body.\r\n"),
            subject: string.Join(' ', Enumerable.Repeat("Your appointment reminder and preparation instructions", 5))),
        ["non-ascii subject and display name"] = () => Message(Plain("Grüße aus der Praxis — bis bald.\r\n"),
            subject: "Ihre Befunde für Jürgen Müller sind da ✓", toName: "Zoë Ångström-Núñez"),
        ["multipart alternative with attachment"] = () =>
        {
            var attachment = new MimePart("application", "pdf")
            {
                Content = new MimeContent(new MemoryStream(Enumerable.Range(0, 6000).Select(i => (byte)(i * 31 % 256)).ToArray())),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                FileName = "results.pdf",
            };
            var alternative = new MultipartAlternative
            {
                Plain("Dear patient,\r\n\r\nYour results are attached.  \r\n"),
                new TextPart(TextFormat.Html) { Text = "<p>Dear patient,</p>\n<p>Your results are attached.</p>\n\n" },
            };
            return Message(new Multipart("mixed") { alternative, attachment });
        },
        ["repeated signed headers"] = () =>
        {
            var message = Message(Plain("Hello.\r\n"));
            message.Headers.Add("Feedback-ID", "campaign-1:portal");
            message.Headers.Add("Feedback-ID", "campaign-2:portal");
            message.Headers.Add("List-Id", "Clinic   news \t <news.portal.example.org>");
            return message;
        },
        ["long unfolded lines"] = () => Message(Plain(string.Concat(Enumerable.Repeat("A long line without breaks. ", 400)) + "\r\nend")),
    };
}
