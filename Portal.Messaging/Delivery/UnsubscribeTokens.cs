using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Portal.Messaging.Delivery;

/// <summary>
/// Issues and verifies the opaque tokens in unsubscribe links. A token holds only ids (never an
/// address or anything about a patient's care, since URLs end up in proxy and browser logs) and an
/// HMAC-SHA256 over them, so nobody can unsubscribe someone else by editing a link.
/// </summary>
public sealed class UnsubscribeTokens
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 16 + 8;
    private const int MacLength = 32;

    private readonly byte[] _key;
    private readonly byte[]? _previousKey;
    private readonly TimeSpan? _lifetime;
    private readonly TimeProvider _clock;

    /// <summary>Creates the token service from options.</summary>
    public UnsubscribeTokens(IOptions<ListUnsubscribeOptions> options, TimeProvider? clock = null)
    {
        var value = options.Value;
        _key = Convert.FromBase64String(value.SigningKey ?? throw new InvalidOperationException($"{ListUnsubscribeOptions.SectionName}:SigningKey is not set."));
        if (_key.Length < 32) throw new InvalidOperationException($"{ListUnsubscribeOptions.SectionName}:SigningKey must be at least 32 bytes.");
        _previousKey = value.PreviousSigningKey is null ? null : Convert.FromBase64String(value.PreviousSigningKey);
        _lifetime = value.TokenLifetimeDays is { } days ? TimeSpan.FromDays(days) : null;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>A URL-safe token for <paramref name="request"/>.</summary>
    public string Create(UnsubscribeRequest request)
    {
        Span<byte> token = stackalloc byte[PayloadLength + MacLength];
        token[0] = Version;
        request.RecipientId.TryWriteBytes(token.Slice(1, 16));
        request.ListId.TryWriteBytes(token.Slice(17, 16));
        var expires = _lifetime is { } lifetime ? (_clock.GetUtcNow() + lifetime).ToUnixTimeSeconds() : 0;
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(33, 8), expires);
        HMACSHA256.HashData(_key, token[..PayloadLength], token[PayloadLength..]);
        return Base64UrlEncode(token);
    }

    /// <summary>True when <paramref name="token"/> was issued with our key, unaltered and unexpired.</summary>
    public bool TryVerify(string? token, [NotNullWhen(true)] out UnsubscribeRequest? request)
    {
        request = null;
        if (token is null || token.Length > 200) return false;
        var bytes = Base64UrlDecode(token);
        if (bytes is null || bytes.Length != PayloadLength + MacLength || bytes[0] != Version) return false;

        var payload = bytes.AsSpan(0, PayloadLength);
        var mac = bytes.AsSpan(PayloadLength);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, payload, expected);
        // Constant time: a byte-by-byte early exit would let an attacker find a valid MAC by timing.
        var valid = CryptographicOperations.FixedTimeEquals(mac, expected);
        if (!valid && _previousKey is not null)
        {
            HMACSHA256.HashData(_previousKey, payload, expected);
            valid = CryptographicOperations.FixedTimeEquals(mac, expected);
        }
        if (!valid) return false;

        var expires = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(33, 8));
        if (expires != 0 && _clock.GetUtcNow().ToUnixTimeSeconds() > expires) return false;

        request = new UnsubscribeRequest(new Guid(payload.Slice(1, 16)), new Guid(payload.Slice(17, 16)));
        return true;
    }

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? Base64UrlDecode(string text)
    {
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return null;
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try { return Convert.FromBase64String(base64); }
        catch (FormatException) { return null; }
    }
}
