using System.Net;
using System.Text;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Fetches <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c> as RFC 8461 section 3.3 requires:
/// HTTPS with a valid certificate, no redirects, only a 200 text/plain answer, at most 64 KiB.
/// </summary>
public sealed class HttpsMtaStsPolicyFetcher(HttpClient http) : IMtaStsPolicyFetcher
{
    /// <summary>
    /// An HttpClient set up for policy fetching: redirects off (a redirect could point the
    /// policy at a host the domain does not control) and a short timeout, since a sender
    /// waits on it.
    /// </summary>
    public static HttpClient CreateHttpClient() => CreateHttpClient(null);

    /// <param name="adjust">Tests point the connection at a local server; the settings above stay as they are.</param>
    internal static HttpClient CreateHttpClient(Action<SocketsHttpHandler>? adjust)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
        adjust?.Invoke(handler);
        return new(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <inheritdoc />
    public async Task<string?> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        var uri = new Uri($"https://mta-sts.{domain.TrimEnd('.')}/.well-known/mta-sts.txt");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK) return null;
            if (response.Content.Headers.ContentType?.MediaType is not "text/plain") return null;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MtaStsPolicy.MaxLength + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                length += read;
            return length > MtaStsPolicy.MaxLength ? null : Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { return null; }
    }
}
