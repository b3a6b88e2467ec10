namespace Portal.Forms.Validation;

/// <summary>
/// Decides whether an upload may be kept, by its first bytes rather than its name or the browser's claim,
/// since both are chosen by the uploader. Only PDF, PNG and JPEG are accepted: documents and photos
/// of them are what patients send, and these kinds are safe to show staff.
/// </summary>
public static class FileContentCheck
{
    /// <summary>Largest upload accepted when the form sets no lower limit: 10 MiB.</summary>
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>PDF media type.</summary>
    public const string Pdf = "application/pdf";

    /// <summary>PNG media type.</summary>
    public const string Png = "image/png";

    /// <summary>JPEG media type.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary>The media types an upload may have.</summary>
    public static IReadOnlyList<string> AllowedContentTypes { get; } = [Pdf, Png, Jpeg];

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    /// <summary>Checks content already in memory.</summary>
    public static FileCheckResult Check(ReadOnlySpan<byte> content, string fileName, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (content.Length == 0)
        {
            return new FileCheckResult(null, "The file is empty.");
        }

        if (content.Length > maxBytes)
        {
            return new FileCheckResult(null, $"The file is larger than the {DescribeSize(maxBytes)} allowed.");
        }

        var found = Sniff(content);
        if (found is null)
        {
            return new FileCheckResult(null, "Only PDF, PNG and JPEG files can be uploaded.");
        }

        var claimed = ContentTypeForName(fileName);
        if (claimed is null)
        {
            return new FileCheckResult(null, "The file name must end in .pdf, .png, .jpg or .jpeg.");
        }

        return claimed == found
            ? new FileCheckResult(found, null)
            : new FileCheckResult(null, "The file's content does not match its name; please upload the original file.");
    }

    /// <summary>Checks a stream, reading no more than the limit allows so an oversized upload is not buffered whole.</summary>
    public static async Task<FileCheckResult> CheckAsync(Stream content, string fileName, long maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new FileCheckResult(null, $"The file is larger than the {DescribeSize(maxBytes)} allowed.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName, maxBytes);
    }

    /// <summary>The allowed media type the content starts like, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? Pdf
        : content.StartsWith(PngMagic) ? Png
        : content.StartsWith(JpegMagic) ? Jpeg
        : null;

    /// <summary>The media type a file name's extension stands for, when it is an allowed kind.</summary>
    public static string? ContentTypeForName(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" => Pdf,
            ".png" => Png,
            ".jpg" or ".jpeg" => Jpeg,
            _ => null,
        };

    /// <summary>A size as people read it: "5 MB", "340 KB".</summary>
    public static string DescribeSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";
}
