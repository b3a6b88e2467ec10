using System.Buffers;

namespace Portal.Messaging.Dkim;

/// <summary>The "relaxed" canonicalisation of RFC 6376 section 3.4.2 (headers) and 3.4.4 (body).</summary>
internal static class DkimRelaxedCanonicalization
{
    private static readonly SearchValues<byte> WhitespaceOrCr = SearchValues.Create(" \t\r"u8);
    private static readonly SearchValues<byte> HeaderWhitespace = SearchValues.Create(" \t\r\n"u8);

    /// <summary>
    /// Canonicalises a body in place and returns the canonical length. Every line of
    /// <paramref name="body"/> must end in CRLF: a caller holding a body whose last line lacks one
    /// appends a CRLF, which relaxed canonicalisation gives the same result for (the extra empty
    /// line is dropped, or completes the last line) and which keeps the output from outgrowing the input.
    /// </summary>
    public static int CanonicalizeBody(Span<byte> body)
    {
        if (body.Length < 2 || body[^2] != '\r' || body[^1] != '\n')
            throw new ArgumentException("The body must end with CRLF.", nameof(body));

        int read = 0, write = 0, lineStart = 0, end = 0;
        while (read < body.Length)
        {
            var run = body[read..].IndexOfAny(WhitespaceOrCr);
            if (run > 0)
            {
                if (write != read)
                    body.Slice(read, run).CopyTo(body[write..]);
                read += run;
                write += run;
            }

            if (body[read] == '\r')
            {
                body[write++] = (byte)'\r';
                if (read + 1 < body.Length && body[read + 1] == '\n')
                {
                    body[write++] = (byte)'\n';
                    read += 2;
                    // Empty lines at the end of the body are ignored, so the body ends after the last non-empty line.
                    if (write - 2 > lineStart)
                        end = write;
                    lineStart = write;
                }
                else
                {
                    // A CR that does not end a line is ordinary text.
                    read++;
                }
                continue;
            }

            var afterRun = read + 1;
            while (body[afterRun] is (byte)' ' or (byte)'\t')
                afterRun++;
            // A run of WSP becomes one SP, except at the end of a line where it goes altogether.
            if (body[afterRun] != '\r' || body[afterRun + 1] != '\n')
                body[write++] = (byte)' ';
            read = afterRun;
        }
        return end;
    }

    /// <summary>
    /// Appends <c>name:value</c> in relaxed form: the name lower-cased, the value unfolded, WSP runs
    /// as one SP, no WSP around the colon or at the ends. A CRLF follows when <paramref name="terminate"/>
    /// is set; the DKIM-Signature header itself is hashed without one.
    /// </summary>
    public static void AppendHeader(IBufferWriter<byte> output, string name, ReadOnlySpan<byte> rawValue, bool terminate)
    {
        var span = output.GetSpan(name.Length + 1 + rawValue.Length + 2);
        var write = 0;
        foreach (var c in name)
            span[write++] = (byte)char.ToLowerInvariant(c);
        span[write++] = (byte)':';

        var valueStart = write;
        var pendingSpace = false;
        while (!rawValue.IsEmpty)
        {
            var word = rawValue.IndexOfAny(HeaderWhitespace);
            if (word < 0)
                word = rawValue.Length;
            if (word > 0)
            {
                // Whitespace before the first word is dropped, and after the last never written.
                if (pendingSpace && write > valueStart)
                    span[write++] = (byte)' ';
                rawValue[..word].CopyTo(span[write..]);
                write += word;
                rawValue = rawValue[word..];
            }
            var blank = rawValue.IndexOfAnyExcept(HeaderWhitespace);
            pendingSpace = blank != 0;
            rawValue = blank < 0 ? [] : rawValue[blank..];
        }

        if (terminate)
        {
            span[write++] = (byte)'\r';
            span[write++] = (byte)'\n';
        }
        output.Advance(write);
    }
}
