using Microsoft.Extensions.Options;
using MimeKit;

namespace Portal.Messaging.Dkim;

/// <summary>
/// Adds DKIM signatures (RFC 6376, relaxed/relaxed) to outgoing messages: rsa-sha256 computed by
/// the platform's RSA, and ed25519-sha256 (RFC 8463) alongside when an Ed25519 key is configured.
/// Sign last: any header or body change after signing breaks the signature.
/// </summary>
public sealed class DkimSigner : IDisposable
{
    private readonly DkimKeyRing _keys;
    private readonly TimeProvider _clock;
    private readonly string[] _wantedHeaders;
    private readonly string _domain;

    /// <summary>Loads every configured key; throws when one is missing, malformed or too weak.</summary>
    public DkimSigner(IOptions<DkimOptions> options, TimeProvider? clock = null)
    {
        var value = options.Value;
        if (!value.Enabled)
            throw new InvalidOperationException("DKIM is not configured: set Dkim:Domain and a key.");
        _clock = clock ?? TimeProvider.System;
        _keys = new DkimKeyRing(value, _clock);
        _wantedHeaders = [.. value.SignedHeaders];
        _domain = value.Domain!.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>The signing domain (<c>d=</c>), lower case.</summary>
    public string Domain => _domain;

    /// <summary>The TXT record to publish at <c>selector._domainkey.domain</c> for each configured key.</summary>
    public IReadOnlyList<(string Selector, string Record)> DnsRecords => [.. _keys.Records];

    /// <summary>
    /// Signs <paramref name="message"/> in place with the currently active key of each algorithm.
    /// The body is first brought to 7-bit transfer encodings so that no relay needs to re-encode it.
    /// </summary>
    public void Sign(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.From.Count == 0)
            throw new InvalidOperationException("A message needs a From header to be DKIM-signed.");

        RemoveOwnSignatures(message);
        message.Prepare(EncodingConstraint.SevenBit);
        var headers = DkimHeaderList.For(message, _wantedHeaders);
        foreach (var signer in _keys.ActiveAt(_clock.GetUtcNow()))
            signer.Sign(message, headers);
    }

    // An outbox retry may hand the same message over again; stacking a second signature of ours
    // on it would only grow the header (and a stale one fails once the body is re-encoded).
    private void RemoveOwnSignatures(MimeMessage message)
    {
        var own = message.Headers
            .Where(h => h.Id == HeaderId.DkimSignature && DkimTag(h.Value, "d") is { } d && d.Equals(_domain, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var header in own)
            message.Headers.Remove(header);
    }

    private static string? DkimTag(string value, string tag) =>
        value.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim() == tag)
            .Select(pair => pair[1].Trim())
            .FirstOrDefault();

    /// <inheritdoc />
    public void Dispose() => _keys.Dispose();
}
