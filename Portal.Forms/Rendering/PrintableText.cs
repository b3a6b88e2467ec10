using System.Text;

namespace Portal.Forms.Rendering;

/// <summary>
/// Prepares patient text for drawing. PDF text is never interpreted, so markup such as a script tag is
/// drawn as the literal characters; only control characters, which have no glyph, are removed.
/// </summary>
internal static class PrintableText
{
    public static string Clean(string text)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\t", "    ", StringComparison.Ordinal);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            if (c == '\n' || !char.IsControl(c) && c is not ('\u2028' or '\u2029' or '\uFEFF'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
