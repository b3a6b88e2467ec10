using System.Net.Security;
using MailKit.Security;
using Portal.Messaging.Delivery;
using Portal.Messaging.Sending;
using static Portal.Tests.Messaging.Delivery.DeliveryTestData;

namespace Portal.Tests.Messaging.Delivery;

public sealed class StartTlsTests
{
    [Fact]
    public async Task A_server_without_starttls_is_refused_and_nothing_is_sent_in_clear()
    {
        await using var server = new TestSmtpServer();
        await using var pool = Pool();
        var destination = new SmtpDestination("localhost", server.Port, SmtpSecurity.StartTls, "example.org");

        var ex = await Assert.ThrowsAsync<SecureTransportUnavailableException>(async () => await pool.AcquireAsync(destination, CancellationToken.None));

        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(ex).Status);
        Assert.Empty(server.Messages);
        Assert.Equal(new SmtpPoolCounts(0, 0, 0), pool.CountsFor("example.org"));
    }

    [Fact]
    public async Task A_certificate_that_does_not_validate_is_refused()
    {
        using var certificate = LocalhostCertificate();
        await using var server = new TestSmtpServer(certificate);
        await using var pool = Pool();
        var destination = new SmtpDestination("localhost", server.Port, SmtpSecurity.StartTls, "example.org");

        var ex = await Assert.ThrowsAsync<SslHandshakeException>(async () => await pool.AcquireAsync(destination, CancellationToken.None));

        Assert.Equal(DeliveryStatus.NoSecureRoute, DeliveryOutcomeClassifier.Classify(ex).Status);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_trusted_certificate_gives_an_encrypted_session()
    {
        using var certificate = LocalhostCertificate();
        await using var server = new TestSmtpServer(certificate);
        // Trust exactly this certificate (as a private CA would be trusted), still requiring the name to match.
        await using var pool = Pool(validation: (_, presented, _, errors) =>
            presented?.GetCertHashString() == certificate.GetCertHashString()
            && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None);
        var destination = new SmtpDestination("localhost", server.Port, SmtpSecurity.StartTls, "example.org");

        await using (var lease = await pool.AcquireAsync(destination, CancellationToken.None))
        {
            Assert.True(lease.Client.IsSecure);
            Assert.Equal(DeliveryStatus.Delivered, (await lease.SendAsync(Message(1), CancellationToken.None)).Status);
        }
        Assert.Single(server.Messages);
    }
}
