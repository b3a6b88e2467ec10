using MimeKit;

namespace Portal.Messaging.Protection;

/// <summary>
/// Writes MIME the way it is signed and encrypted: CRLF line ends and 7-bit transfer encodings,
/// so that no relay re-encodes the content and breaks the signature (RFC 8551 section 3.1).
/// </summary>
internal static class CanonicalMime
{
    private static readonly FormatOptions Crlf = CreateOptions();

    public static FormatOptions Options => Crlf;

    public static byte[] ToBytes(MimeEntity entity)
    {
        using var stream = new MemoryStream();
        entity.WriteTo(Crlf, stream);
        return stream.ToArray();
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(Crlf, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// An independent copy of <paramref name="message"/> (the caller's object is left alone),
    /// with its body brought to 7-bit encodings.
    /// </summary>
    public static MimeMessage PreparedCopy(MimeMessage message)
    {
        if (message.Body is null)
            throw new InvalidOperationException("The message has no body to protect.");
        var copy = MimeMessage.Load(new MemoryStream(ToBytes(message)));
        copy.Body!.Prepare(EncodingConstraint.SevenBit);
        return copy;
    }

    /// <summary>Parses bytes written by <see cref="ToBytes(MimeEntity)"/>; writing the result again gives the same bytes.</summary>
    public static MimeEntity Parse(byte[] bytes) => MimeEntity.Load(new MemoryStream(bytes));

    private static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
