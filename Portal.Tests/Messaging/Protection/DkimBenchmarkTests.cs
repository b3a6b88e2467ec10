using System.Diagnostics;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Crypto;
using Portal.Messaging.Dkim;
using Xunit.Abstractions;

namespace Portal.Tests.Messaging.Protection;

/// <summary>
/// Signatures per second, platform RSA against MimeKit's stock BouncyCastle signer, on the same
/// messages and key. The figures are printed; only the direction (platform is clearly faster) is
/// asserted, since absolute speed depends on the machine and what else it runs.
/// </summary>
public sealed class DkimBenchmarkTests(DkimKeys keys, ITestOutputHelper output) : IClassFixture<DkimKeys>
{
    private const int Messages = 150;

    [Fact]
    public void Platform_rsa_signer_outpaces_the_bouncycastle_signer()
    {
        using var ours = new Portal.Messaging.Dkim.DkimSigner(Options.Create(new DkimOptions
        {
            Domain = "portal.example.org", Selector = "bench", PrivateKeyPath = keys.RsaPath, SignedHeaders = [.. DkimHeaderList.Default],
        }));

        AsymmetricKeyParameter bcKey;
        using (var reader = File.OpenText(keys.RsaPath))
            bcKey = (AsymmetricKeyParameter)new PemReader(reader).ReadObject();
        var stock = new MimeKit.Cryptography.DkimSigner(bcKey, "portal.example.org", "bench", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };

        // Warm both paths (JIT, OpenSSL init) before timing.
        Measure(m => ours.Sign(m), 10);
        Measure(m => SignStock(stock, m), 5);

        var oursRate = Measure(m => ours.Sign(m), Messages);
        var stockRate = Measure(m => SignStock(stock, m), Messages);
        var ratio = oursRate / stockRate;
        output.WriteLine($"DKIM rsa-sha256 (2048-bit), {Messages} messages each:");
        output.WriteLine($"  platform RSA (System.Security.Cryptography): {oursRate,8:F0} signatures/s");
        output.WriteLine($"  MimeKit DkimSigner (BouncyCastle RSA):       {stockRate,8:F0} signatures/s");
        output.WriteLine($"  ratio: {ratio:F1}x");

        Assert.True(ratio > 2, $"Expected the platform signer to be well ahead; got {ratio:F1}x ({oursRate:F0}/s vs {stockRate:F0}/s).");
    }

    private static void SignStock(MimeKit.Cryptography.DkimSigner signer, MimeMessage message)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, DkimHeaderList.For(message, DkimHeaderList.Default.ToArray()));
    }

    private static double Measure(Action<MimeMessage> sign, int count)
    {
        var messages = Enumerable.Range(0, count).Select(i => TestMessages.Notice($"Your lab results are ready #{i}")).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var message in messages)
            sign(message);
        watch.Stop();
        Assert.All(messages, m => Assert.Contains(m.Headers, h => h.Id == HeaderId.DkimSignature));
        return count / watch.Elapsed.TotalSeconds;
    }
}
