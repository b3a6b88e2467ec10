using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Portal.Messaging.Content;

/// <summary>
/// The formatting a secure message may carry. Staff write it in the browser, so everything outside a
/// short allow-list is removed: no scripts, event handlers, styles, images or frames, and links only
/// to http, https and mailto, each opened without giving the target a handle on the portal.
/// It runs when a message is stored and again when it is shown, so a gap in one pass is caught by the other.
/// </summary>
public static class MessageHtml
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();
    private static readonly HtmlParser Parser = new();

    // Elements whose content is code or markup rather than words: dropped whole, never kept as text.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
        { "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "textarea", "title", "xmp", "noembed", "noframes", "select", "head" };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase) { "p", "h3", "h4", "blockquote", "ul", "ol", "li", "div" };

    /// <summary>Returns <paramref name="html"/> reduced to the allowed elements and attributes.</summary>
    public static string Sanitize(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Sanitizer.Sanitize(html);
    }

    /// <summary>The readable text of a fragment: for the PHI detector and the plain-text part of an email.</summary>
    public static string ToPlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = Parser.ParseDocument("<body></body>");
        var body = document.Body!;
        body.InnerHtml = html;
        var text = new StringBuilder();
        AppendText(body, text);
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd())).Trim('\n', ' ');
    }

    private static void AppendText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
                continue;
            }
            if (child is not IElement element)
                continue;
            var name = element.LocalName;
            if (name == "br")
            {
                text.Append('\n');
                continue;
            }
            var block = BlockElements.Contains(name);
            if (block && text.Length > 0 && text[^1] != '\n')
                text.Append('\n');
            // Paragraph-like blocks stand apart from what came before, as they do on screen.
            if (name is "p" or "h3" or "h4" or "blockquote" && text.Length > 0 && !text.ToString().EndsWith("\n\n", StringComparison.Ordinal))
                text.Append('\n');
            if (name == "li")
                text.Append(element.ParentElement?.LocalName == "ol" ? $"{element.Index() + 1}. " : "- ");
            AppendText(element, text);
            if (name == "a" && element.GetAttribute("href") is { Length: > 0 } href && href != element.TextContent)
                text.Append(" (").Append(href).Append(')');
            if (block && (text.Length == 0 || text[^1] != '\n'))
                text.Append('\n');
            if (name is "p" or "h3" or "h4" or "blockquote")
                text.Append('\n');
        }
    }

    private static int Index(this IElement element) =>
        element.ParentElement?.Children.Where(c => c.LocalName == "li").ToList().IndexOf(element) ?? 0;

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
        });
        // Editors wrap text in spans and divs; keeping their text loses formatting, not words.
        sanitizer.KeepChildNodes = true;
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName))
                while (e.Tag.FirstChild is { } child)
                    e.Tag.RemoveChild(child);
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
                link.SetAttribute("rel", "noopener noreferrer");
        };
        return sanitizer;
    }
}
