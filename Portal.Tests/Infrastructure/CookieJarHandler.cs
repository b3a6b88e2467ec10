using System.Net;

namespace Portal.Tests.Infrastructure;

/// <summary>Keeps cookies like a browser, and lets a test copy them (to replay a stolen cookie, say).</summary>
public sealed class CookieJarHandler : DelegatingHandler
{
    public CookieContainer Jar { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = Jar.GetCookieHeader(request.RequestUri!);
        if (!string.IsNullOrEmpty(header))
            request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            foreach (var cookie in cookies)
                Jar.SetCookies(request.RequestUri!, cookie);
        return response;
    }
}
