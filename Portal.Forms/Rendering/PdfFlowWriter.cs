using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Portal.Forms.Rendering;

/// <summary>Lays content down an A4 page top to bottom and starts a new page when the next piece would not fit.</summary>
internal sealed class PdfFlowWriter : IDisposable
{
    public const double Margin = 50;
    private const double FooterSpace = 30;

    private readonly PdfDocument _document;
    private PdfPage? _page;
    private XGraphics? _graphics;
    private double _y;

    public PdfFlowWriter(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    public double ContentWidth => _page!.Width.Point - 2 * Margin;

    private double Bottom => _page!.Height.Point - Margin - FooterSpace;

    public double Measure(string text, XFont font) => _graphics!.MeasureString(text, font).Width;

    /// <summary>Writes wrapped text; each line moves to a new page if it would cross the bottom margin.</summary>
    public void Text(string text, XFont font, XBrush brush, double indent = 0, double spacingAfter = 2)
    {
        var lineHeight = font.GetHeight() * 1.15;
        var lines = TextWrapper.Wrap(PrintableText.Clean(text), ContentWidth - indent, s => Measure(s, font));
        foreach (var line in lines)
        {
            EnsureSpace(lineHeight);
            _graphics!.DrawString(line, font, brush, new XRect(Margin + indent, _y, ContentWidth - indent, lineHeight), XStringFormats.TopLeft);
            _y += lineHeight;
        }

        _y += spacingAfter;
    }

    /// <summary>Keeps a heading together with what follows it by asking for room for both.</summary>
    public void KeepTogether(double height) => EnsureSpace(height);

    public void Space(double height) => _y += height;

    public void Rule()
    {
        EnsureSpace(6);
        _graphics!.DrawLine(new XPen(XColors.LightGray, 0.75), Margin, _y + 2, Margin + ContentWidth, _y + 2);
        _y += 6;
    }

    public void Image(XImage image, double maxWidth, double maxHeight, double indent = 0)
    {
        var scale = Math.Min(1, Math.Min(maxWidth / image.PointWidth, maxHeight / image.PointHeight));
        var width = image.PointWidth * scale;
        var height = image.PointHeight * scale;
        EnsureSpace(height + 4);
        _graphics!.DrawRectangle(new XPen(XColors.LightGray, 0.5), Margin + indent - 2, _y - 2, width + 4, height + 4);
        _graphics.DrawImage(image, Margin + indent, _y, width, height);
        _y += height + 6;
    }

    /// <summary>Draws "page X of Y" and a confidentiality line on every page once the page count is known.</summary>
    public void Footers(string label, XFont font)
    {
        _graphics?.Dispose();
        _graphics = null;
        for (var i = 0; i < _document.PageCount; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin;
            graphics.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, y - 4, page.Width.Point - Margin, y - 4);
            graphics.DrawString(label, font, XBrushes.Gray, new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopLeft);
            graphics.DrawString($"Page {i + 1} of {_document.PageCount}", font, XBrushes.Gray, new XRect(Margin, y, page.Width.Point - 2 * Margin, 12), XStringFormats.TopRight);
        }
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    public void Dispose() => _graphics?.Dispose();
}
