using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Adds one-click unsubscribe (RFC 8058) to a marketing message: an HTTPS link and a mailto,
/// both carrying a signed token, and <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>.
/// Gmail and Yahoo require this of bulk senders. Both headers must be covered by the DKIM
/// signature (the default DKIM header list does), so add them before signing.
/// </summary>
public sealed class ListUnsubscribeHeaders(IOptions<ListUnsubscribeOptions> options, UnsubscribeTokens tokens)
{
    private readonly ListUnsubscribeOptions _options = options.Value;

    /// <summary>Adds the headers to <paramref name="message"/>, replacing any already there.</summary>
    /// <returns>The token, for the visible unsubscribe link in the body.</returns>
    public string Apply(MimeMessage message, UnsubscribeRequest request)
    {
        var token = tokens.Create(request);
        message.Headers.RemoveAll("List-Unsubscribe");
        message.Headers.RemoveAll("List-Unsubscribe-Post");
        message.Headers.Add("List-Unsubscribe", $"<{HttpsUrl(token)}>, <mailto:{_options.MailtoAddress}?subject=unsubscribe%20{token}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return token;
    }

    /// <summary>The HTTPS unsubscribe address for <paramref name="token"/>.</summary>
    public string HttpsUrl(string token)
    {
        var baseUrl = _options.BaseUrl ?? throw new InvalidOperationException($"{ListUnsubscribeOptions.SectionName}:BaseUrl is not set.");
        return baseUrl.EndsWith('/') ? baseUrl + token : baseUrl + "/" + token;
    }
}
