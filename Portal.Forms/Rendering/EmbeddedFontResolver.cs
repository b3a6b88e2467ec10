using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Portal.Forms.Rendering;

/// <summary>
/// Serves the DejaVu Sans faces shipped inside this assembly to PDFsharp, which on Linux cannot find
/// system fonts by itself. Every family name maps to DejaVu Sans: it is the only font the PDFs use, and
/// answering for any name means a stray default family can never make rendering fail on a bare server.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    /// <summary>The family name the renderer asks for.</summary>
    public const string FamilyName = "DejaVu Sans";

    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly object Gate = new();
    private static bool _registered;

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private EmbeddedFontResolver()
    {
    }

    /// <summary>The single instance; PDFsharp demands the same resolver object on every registration.</summary>
    public static EmbeddedFontResolver Instance { get; } = new();

    /// <summary>
    /// Installs the resolver once per process. If the host already installed its own resolver, ours becomes
    /// the fallback instead, because PDFsharp forbids replacing a resolver once fonts have been used.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered))
        {
            return;
        }

        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is null or EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (GlobalFontSettings.FallbackFontResolver is null or EmbeddedFontResolver)
            {
                GlobalFontSettings.FallbackFontResolver = Instance;
            }

            Volatile.Write(ref _registered, true);
        }
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic);

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => faceName is RegularFace or BoldFace ? _faces.GetOrAdd(faceName, Load) : null;

    private static byte[] Load(string faceName)
    {
        var resource = $"Portal.Forms.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font resource '{resource}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
