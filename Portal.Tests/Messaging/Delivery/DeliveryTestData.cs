using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;

namespace Portal.Tests.Messaging.Delivery;

internal static class DeliveryTestData
{
    public static MimeMessage Message(int n, string to = "patient@example.org")
    {
        var message = new MimeMessage { Subject = $"n{n}", MessageId = $"m{n}@portal.test" };
        message.From.Add(MailboxAddress.Parse("clinic@portal.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = $"You have a new secure message ({n})." };
        return message;
    }

    public static SmtpDestination Loopback(int port, string domain = "example.org") =>
        new("127.0.0.1", port, SmtpSecurity.None, domain);

    public static SmtpConnectionPool Pool(Action<SmtpPoolOptions>? configure = null, TimeProvider? clock = null,
        System.Net.Security.RemoteCertificateValidationCallback? validation = null)
    {
        var options = new SmtpPoolOptions { TimeoutSeconds = 5, MessagesPerSecondPerDomain = 100_000, BurstPerDomain = 100_000 };
        configure?.Invoke(options);
        return new SmtpConnectionPool(Options.Create(options), clock, validation);
    }

    /// <summary>A self-signed certificate for "localhost" that a default validator refuses.</summary>
    public static X509Certificate2 LocalhostCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>A Random whose NextDouble always returns the same value.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;

    public override int Next() => 0;
}
