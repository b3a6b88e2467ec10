namespace Portal.Forms.Validation;

/// <summary>Reads the drawn part of an e-signature, a PNG sent as a data URI by the signature pad.</summary>
public static class SignatureImage
{
    /// <summary>Largest drawing accepted: 200 KiB is ample for a pen stroke and keeps submissions small.</summary>
    public const int MaxImageBytes = 200 * 1024;

    /// <summary>The only prefix accepted; other image kinds or encodings are refused.</summary>
    public const string DataUriPrefix = "data:image/png;base64,";

    /// <summary>Decodes and checks the drawing; returns the PNG bytes or the reason it is refused.</summary>
    public static bool TryDecode(string dataUri, out byte[] png, out string? error)
    {
        png = [];
        if (string.IsNullOrWhiteSpace(dataUri))
        {
            error = "Draw your signature in the box.";
            return false;
        }

        if (!dataUri.StartsWith(DataUriPrefix, StringComparison.OrdinalIgnoreCase))
        {
            error = "The drawn signature must be a PNG image.";
            return false;
        }

        var base64 = dataUri.AsSpan(DataUriPrefix.Length);

        // Checked before decoding so an oversized post is refused without allocating for it.
        if (base64.Length > (MaxImageBytes + 2) / 3 * 4)
        {
            error = "The drawn signature is too large; please clear it and sign again.";
            return false;
        }

        var buffer = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64Chars(base64, buffer, out var written) || written == 0)
        {
            error = "The drawn signature could not be read; please clear it and sign again.";
            return false;
        }

        if (written > MaxImageBytes)
        {
            error = "The drawn signature is too large; please clear it and sign again.";
            return false;
        }

        var bytes = buffer.AsSpan(0, written);
        if (FileContentCheck.Sniff(bytes) != FileContentCheck.Png)
        {
            error = "The drawn signature must be a PNG image.";
            return false;
        }

        png = bytes.ToArray();
        error = null;
        return true;
    }
}
