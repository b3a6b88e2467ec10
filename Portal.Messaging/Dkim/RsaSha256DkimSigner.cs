using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Portal.Messaging.Dkim;

/// <summary>
/// rsa-sha256 with relaxed/relaxed canonicalisation (RFC 6376), all on the platform: the body is
/// written once, canonicalised in one pass and hashed by <see cref="SHA256"/>, and the RSA step is
/// <see cref="RSA.SignData(byte[], HashAlgorithmName, RSASignaturePadding)"/> (OpenSSL on Linux).
/// MimeKit's own signer hashes through a chain of stream filters with BouncyCastle's managed SHA-256,
/// which cost more than the RSA signature itself.
/// </summary>
internal sealed class RsaSha256DkimSigner(RSA key, string domain, string selector, TimeProvider clock, TimeSpan? lifetime) : IDkimAlgorithmSigner
{
    private static readonly FormatOptions Crlf = CrlfOptions();
    // Raw header values carry the line ending MimeKit gives every header it formats itself.
    private static readonly string HeaderNewLine = FormatOptions.Default.NewLineFormat == NewLineFormat.Dos ? "\r\n" : "\n";

    // A buffer per thread, reused across messages; one that grew for a large attachment is not kept.
    private const int RetainedBufferBytes = 1 << 20;
    [ThreadStatic] private static MemoryStream? t_body;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_headers;

    public void Sign(MimeMessage message, IList<string> headers)
    {
        var names = headers.Select(h => h.ToLowerInvariant()).ToArray();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();

        var value = new DkimSignatureValueBuilder(HeaderNewLine);
        value.Tag("v", "1");
        value.Tag("a", "rsa-sha256");
        value.Tag("d", domain);
        value.Tag("s", selector);
        value.Tag("c", "relaxed/relaxed");
        value.Tag("t", timestamp.ToString(CultureInfo.InvariantCulture));
        if (lifetime is { } span)
            value.Tag("x", (timestamp + (long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        value.HeaderList(names);
        value.Tag("bh", Convert.ToBase64String(BodyHash(message)));
        value.OpenTag("b");

        // What is signed is the DKIM-Signature header with an empty b= (RFC 6376 section 3.7), so
        // the header is laid out in full before the signature is computed and only then appended.
        var unsigned = value.ToString();
        var signature = key.SignData(SignedHeaderBlock(message, names, unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        value.Base64(Convert.ToBase64String(signature));

        var header = new Header(HeaderId.DkimSignature, "v=1");
        header.SetRawValue(Encoding.ASCII.GetBytes(value + HeaderNewLine));
        message.Headers.Insert(0, header);
    }

    /// <summary>The relaxed body hash (<c>bh=</c>) of what MimeKit writes after the header block.</summary>
    internal static byte[] BodyHash(MimeMessage message)
    {
        var stream = t_body ??= new MemoryStream();
        try
        {
            message.Body?.WriteTo(Crlf, stream, contentOnly: true);
            stream.Write("\r\n"u8);
            var body = stream.GetBuffer().AsSpan(0, (int)stream.Length);
            return SHA256.HashData(body[..DkimRelaxedCanonicalization.CanonicalizeBody(body)]);
        }
        finally
        {
            stream.SetLength(0);
            if (stream.Capacity > RetainedBufferBytes)
                t_body = null;
        }
    }

    private static ReadOnlySpan<byte> SignedHeaderBlock(MimeMessage message, string[] names, string unsignedValue)
    {
        var output = t_headers ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var signedSoFar = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var list = name.StartsWith("content-", StringComparison.Ordinal) && message.Body is not null ? message.Body.Headers : message.Headers;
            signedSoFar.TryGetValue(name, out var skip);
            signedSoFar[name] = skip + 1;
            // Repeated names take instances from the bottom up; a name listed once more than it
            // occurs (oversigning) contributes nothing, so adding such a header breaks the signature.
            if (NthFromBottom(list, name, skip) is { } header)
                DkimRelaxedCanonicalization.AppendHeader(output, header.Field, header.RawValue, terminate: true);
        }
        DkimRelaxedCanonicalization.AppendHeader(output, "DKIM-Signature", Encoding.ASCII.GetBytes(unsignedValue), terminate: false);
        return output.WrittenSpan;
    }

    private static Header? NthFromBottom(HeaderList headers, string name, int skip)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (!headers[i].Field.Equals(name, StringComparison.OrdinalIgnoreCase))
                continue;
            if (skip-- == 0)
                return headers[i];
        }
        return null;
    }

    private static FormatOptions CrlfOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
