using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Portal.Messaging;
using Portal.Messaging.Dkim;
using Portal.Messaging.Sending;

namespace Portal.Tests.Messaging.Protection;

public sealed class DkimCompositionTests(DkimKeys keys) : IClassFixture<DkimKeys>
{
    private static IHost Build(string pickup, Dictionary<string, string?> extra)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:PickupDirectory"] = pickup,
            ["Notifications:PortalBaseUrl"] = "https://portal.example.org/",
            ["Notifications:FromAddress"] = "care@portal.example.org",
        }.Concat(extra));
        builder.Services.AddPortalMessaging();
        return builder.Build();
    }

    [Fact]
    public async Task Configured_domain_signs_everything_the_transport_sends()
    {
        using var pickup = new TempDirectory("portal-dkim-pickup-");
        using var host = Build(pickup.Path, new()
        {
            ["Dkim:Domain"] = "portal.example.org",
            ["Dkim:Selector"] = "rsa2026",
            ["Dkim:PrivateKeyPath"] = keys.RsaPath,
        });
        var transport = host.Services.GetRequiredService<IMailTransport>();
        Assert.IsType<DkimSigningMailTransport>(transport);

        await transport.SendAsync(TestMessages.Notice(), CancellationToken.None);

        var sent = MimeMessage.Load(Assert.Single(Directory.GetFiles(pickup.Path, "*.eml")));
        var signature = Assert.Single(sent.Headers, h => h.Id == HeaderId.DkimSignature);
        var verifier = new DkimVerifier(new StaticDkimKeyLocator("portal.example.org", host.Services.GetRequiredService<Portal.Messaging.Dkim.DkimSigner>().DnsRecords));
        Assert.True(verifier.Verify(sent, signature));
    }

    [Fact]
    public void Without_a_domain_mail_goes_out_unsigned()
    {
        using var pickup = new TempDirectory("portal-dkim-pickup-");
        using var host = Build(pickup.Path, []);
        Assert.IsType<PickupDirectoryMailTransport>(host.Services.GetRequiredService<IMailTransport>());
    }

    [Fact]
    public void Missing_key_file_stops_start_up()
    {
        using var pickup = new TempDirectory("portal-dkim-pickup-");
        using var host = Build(pickup.Path, new()
        {
            ["Dkim:Domain"] = "portal.example.org",
            ["Dkim:Selector"] = "rsa2026",
            ["Dkim:PrivateKeyPath"] = keys.Scratch("missing.pem"),
        });
        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<DkimOptions>>().Value);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Signing_again_replaces_our_earlier_signature()
    {
        using var signer = new Portal.Messaging.Dkim.DkimSigner(Options.Create(new DkimOptions
        {
            Domain = "portal.example.org", Selector = "rsa2026", PrivateKeyPath = keys.RsaPath,
        }));
        var message = TestMessages.Notice();
        message.Headers.Add(HeaderId.DkimSignature, "v=1; a=rsa-sha256; d=esp.example.com; s=x; h=from; bh=AAAA; b=AAAA");
        signer.Sign(message);
        signer.Sign(message);

        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => h.Value).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.Single(signatures, s => s.Contains("d=portal.example.org"));
        Assert.Single(signatures, s => s.Contains("d=esp.example.com"));
    }
}
