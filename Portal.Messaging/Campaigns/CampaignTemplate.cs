using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Ganss.Xss;
using Portal.Messaging.Content;

namespace Portal.Messaging.Campaigns;

/// <summary>The parts of a campaign email around its blocks.</summary>
public sealed record CampaignEnvelope(string FromName, string Subject, string Preheader);

/// <summary>What every campaign email ends with: who sent it, where they are, and how to stop it (CAN-SPAM, RFC 8058).</summary>
public sealed record CampaignFooter(string OrganisationName, string PostalAddress);

/// <summary>The links one recipient's copy carries.</summary>
public sealed record CampaignLinks(string PortalBaseUrl, string UnsubscribeUrl, string PreferencesUrl);

/// <summary>One recipient's email, ready to put in a MIME message.</summary>
public sealed record RenderedCampaign(string FromName, string Subject, string Preheader, string Html, string Text);

/// <summary>Where in a campaign a problem is: "subject", "preheader", "from_name" or "block:N" (0-based).</summary>
public sealed record TemplateProblem(string Where, string Message);

/// <summary>
/// A campaign's Liquid templates parsed once (Fluid) and rendered per recipient into responsive HTML and its plain-text
/// part. Everything a marketer writes in a block is text: it is HTML-encoded after the merge, so neither the template
/// nor a merged value can add markup. The expert HTML block is sanitised instead. Subjects lose line breaks and
/// control characters after the merge, so a value can never add a header.
/// </summary>
public sealed class CampaignTemplate
{
    private const int MaxSteps = 10_000;
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithMaxSteps(MaxSteps).WithMaxOutputSize(200_000).Build();
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private readonly IFluidTemplate _fromName, _subject, _preheader;
    private readonly (CampaignBlock Block, IFluidTemplate? Text)[] _blocks;

    private CampaignTemplate(IFluidTemplate fromName, IFluidTemplate subject, IFluidTemplate preheader, (CampaignBlock, IFluidTemplate?)[] blocks)
        => (_fromName, _subject, _preheader, _blocks) = (fromName, subject, preheader, blocks);

    /// <summary>Parses every template of the campaign; the problems say where any failed (nothing is returned then).</summary>
    public static CampaignTemplate? TryCompile(CampaignEnvelope envelope, CampaignDesign design, out IReadOnlyList<TemplateProblem> problems)
    {
        var found = new List<TemplateProblem>();
        IFluidTemplate Parse(string where, string source)
        {
            if (Parser.TryParse(source, out var template, out var error)) return template;
            found.Add(new TemplateProblem(where, $"The template cannot be read: {error}"));
            return Parser.Parse("");
        }
        var fromName = Parse("from_name", envelope.FromName);
        var subject = Parse("subject", envelope.Subject);
        var preheader = Parse("preheader", envelope.Preheader);
        var blocks = design.Blocks.Select((b, i) => (b, b.Kind is BlockKind.Divider ? null : Parse($"block:{i}", b.Text))).ToArray();
        problems = found;
        return found.Count == 0 ? new CampaignTemplate(fromName, subject, preheader, blocks) : null;
    }

    /// <summary>Renders one copy. <paramref name="values"/> maps catalogue names (<c>patient.first_name</c>) to values.</summary>
    public RenderedCampaign Render(IReadOnlyDictionary<string, string> values, CampaignLinks links, CampaignFooter footer)
    {
        var context = Context(values);
        var subject = OneLine(_subject.Render(context, NullEncoder.Default));
        var preheader = OneLine(_preheader.Render(context, NullEncoder.Default));
        var fromName = OneLine(_fromName.Render(context, NullEncoder.Default));

        var html = new StringBuilder(4096);
        var text = new StringBuilder(1024);
        var e = HtmlEncoder.Default;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(e.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f3f4f6;\">")
            .Append("<div style=\"display:none;max-height:0;overflow:hidden;\">").Append(e.Encode(preheader)).Append("</div>")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;background:#ffffff;border-radius:6px;\">")
            .Append("<tr><td style=\"padding:24px 28px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;\">");

        foreach (var (block, template) in _blocks)
        {
            var words = template is null ? "" : template.Render(context, NullEncoder.Default).Trim();
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    html.Append("<h1 style=\"font-size:24px;line-height:1.25;margin:0 0 16px;color:#111827;\">").Append(e.Encode(OneLine(words))).Append("</h1>");
                    text.Append(OneLine(words)).Append("\n\n");
                    break;
                case BlockKind.Text:
                    foreach (var paragraph in words.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        html.Append("<p style=\"margin:0 0 16px;\">").Append(string.Join("<br>", paragraph.Split('\n').Select(l => e.Encode(l.Trim())))).Append("</p>");
                        text.Append(paragraph).Append("\n\n");
                    }
                    break;
                case BlockKind.Image:
                    html.Append("<img src=\"").Append(e.Encode(block.Url)).Append("\" alt=\"").Append(e.Encode(OneLine(words)))
                        .Append("\" width=\"544\" style=\"display:block;width:100%;max-width:544px;height:auto;border:0;margin:0 0 16px;\">");
                    if (words.Length > 0) text.Append('[').Append(OneLine(words)).Append("]\n\n");
                    break;
                case BlockKind.Divider:
                    html.Append("<hr style=\"border:0;border-top:1px solid #e5e7eb;margin:24px 0;\">");
                    text.Append("----\n\n");
                    break;
                case BlockKind.Button:
                    var url = Target(block, links.PortalBaseUrl);
                    html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:8px 0 24px;\"><tr><td style=\"border-radius:6px;background:#1d4ed8;\">")
                        .Append("<a href=\"").Append(e.Encode(url)).Append("\" style=\"display:inline-block;padding:12px 24px;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;\">")
                        .Append(e.Encode(OneLine(words))).Append("</a></td></tr></table>");
                    text.Append(OneLine(words)).Append(": ").Append(url).Append("\n\n");
                    break;
                case BlockKind.Html:
                    // The merge ran with values HTML-encoded, then the result is sanitised like any markup from a browser.
                    var markup = Sanitizer.Sanitize(template!.Render(context, HtmlEncoder.Default));
                    html.Append(markup);
                    text.Append(MessageHtml.ToPlainText(markup)).Append("\n\n");
                    break;
            }
        }

        html.Append("</td></tr></table>")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;\"><tr><td style=\"padding:16px 28px;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:#4b5563;\">")
            .Append("<p style=\"margin:0 0 8px;\">").Append(e.Encode(footer.OrganisationName)).Append(" · ").Append(e.Encode(OneLine(footer.PostalAddress))).Append("</p>")
            .Append("<p style=\"margin:0;\">You receive this email as a patient of ").Append(e.Encode(footer.OrganisationName)).Append(". ")
            .Append("<a href=\"").Append(e.Encode(links.UnsubscribeUrl)).Append("\" style=\"color:#1d4ed8;\">Unsubscribe</a> · ")
            .Append("<a href=\"").Append(e.Encode(links.PreferencesUrl)).Append("\" style=\"color:#1d4ed8;\">Email preferences</a></p>")
            .Append("</td></tr></table></td></tr></table></body></html>");
        text.Append("--\n").Append(footer.OrganisationName).Append(", ").Append(OneLine(footer.PostalAddress)).Append('\n')
            .Append("Unsubscribe: ").Append(links.UnsubscribeUrl).Append('\n')
            .Append("Email preferences: ").Append(links.PreferencesUrl).Append('\n');
        return new RenderedCampaign(fromName, subject, preheader, html.ToString(), text.ToString());
    }

    /// <summary>Where a button leads: a portal path under the portal's address (sign-in comes first there), or the URL as written.</summary>
    public static string Target(CampaignBlock button, string portalBaseUrl) =>
        CampaignBlock.IsPortalAction(button.Action) ? portalBaseUrl.TrimEnd('/') + button.Url.Trim() : button.Url.Trim();

    private static TemplateContext Context(IReadOnlyDictionary<string, string> values)
    {
        var context = new TemplateContext(Options);
        foreach (var group in values.GroupBy(v => v.Key[..v.Key.IndexOf('.')]))
        {
            var fields = group.ToDictionary(v => v.Key[(v.Key.IndexOf('.') + 1)..], v => (object)OneLine(v.Value));
            context.SetValue(group.Key, FluidValue.Create(fields, Options));
        }
        return context;
    }

    /// <summary>Line breaks and control characters become spaces: for subjects, names and any merged value.</summary>
    public static string OneLine(string value) =>
        string.Create(value.Length, value, (span, source) => { for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i]; }).Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "https", "mailto", "tel" }) sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        return sanitizer;
    }
}
