using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Messaging.Delivery;

namespace Portal.Tests.Messaging.Delivery;

/// <summary>
/// The policy fetch over real HTTPS (RFC 8461 section 3.3): each test domain's <c>mta-sts.</c> host is served by a local
/// Kestrel, reached through the product's own client with only the connection pointed at it.
/// </summary>
public sealed class HttpsMtaStsPolicyFetcherTests : IAsyncLifetime
{
    private const string Policy = "version: STSv1\r\nmode: enforce\r\nmx: mail.good.test\r\nmax_age: 86400\r\n";
    private readonly X509Certificate2 _certificate = DeliveryTestData.LocalhostCertificate();
    private WebApplication _server = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_certificate)));
        _server = builder.Build();
        _server.MapGet("/.well-known/mta-sts.txt", (HttpContext http) => http.Request.Host.Host switch
        {
            "mta-sts.good.test" => Results.Text(Policy, "text/plain"),
            "mta-sts.charset.test" => Results.Text(Policy, "text/plain; charset=utf-8"),
            "mta-sts.html.test" => Results.Text(Policy, "text/html"),
            "mta-sts.moved.test" => Results.Redirect("https://mta-sts.good.test/.well-known/mta-sts.txt"),
            "mta-sts.largest.test" => Results.Text(new string('#', MtaStsPolicy.MaxLength), "text/plain"),
            "mta-sts.huge.test" => Results.Text(new string('#', MtaStsPolicy.MaxLength + 1), "text/plain"),
            _ => Results.NotFound(),
        });
        await _server.StartAsync();
        _port = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>The product's client, connecting to the local server whatever the host, trusting only its certificate.</summary>
    private HttpsMtaStsPolicyFetcher Fetcher(bool trustServer = true) => new(HttpsMtaStsPolicyFetcher.CreateHttpClient(handler =>
    {
        handler.ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, _port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        };
        if (trustServer)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString();
    }));

    [Fact]
    public async Task A_policy_served_as_text_plain_is_returned()
    {
        Assert.Equal(Policy, await Fetcher().FetchAsync("good.test", CancellationToken.None));
        Assert.Equal(Policy, await Fetcher().FetchAsync("charset.test.", CancellationToken.None));
        Assert.Equal(MtaStsPolicy.MaxLength, (await Fetcher().FetchAsync("largest.test", CancellationToken.None))!.Length);
    }

    [Theory]
    [InlineData("html.test")]    // another media type
    [InlineData("moved.test")]   // redirects are not followed (section 3.3)
    [InlineData("huge.test")]    // over 64 KiB: not read past the limit
    [InlineData("missing.test")] // 404
    public async Task Anything_but_a_plain_200_policy_is_no_policy(string domain) =>
        Assert.Null(await Fetcher().FetchAsync(domain, CancellationToken.None));

    [Fact]
    public async Task A_server_whose_certificate_does_not_validate_gives_no_policy() =>
        Assert.Null(await Fetcher(trustServer: false).FetchAsync("good.test", CancellationToken.None));
}
