namespace Portal.Messaging.Campaigns;

/// <summary>How much a finding matters.</summary>
public enum LintSeverity
{
    /// <summary>Launch is refused until it is fixed.</summary>
    Error = 1,
    /// <summary>Worth fixing; launch is allowed.</summary>
    Warning = 2,
}

/// <summary>One finding, shown beside what it concerns (<see cref="TemplateProblem.Where"/>'s names, or "audience", "purpose").</summary>
public sealed record Lint(string Where, LintSeverity Severity, string Message);

/// <summary>What the linter needs to know beyond the campaign itself.</summary>
/// <param name="PortalHost">The portal's own host; links there are always allowed.</param>
/// <param name="LinkDomains">Other domains links and images may point to (the organisation's site, its CDN).</param>
/// <param name="OrganisationName">Shown in every footer.</param>
/// <param name="PostalAddress">Marketing mail must carry it (CAN-SPAM).</param>
/// <param name="UnsubscribeConfigured">Whether one-click unsubscribe links can be made.</param>
public sealed record LintSettings(string PortalHost, IReadOnlyCollection<string> LinkDomains, string OrganisationName, string PostalAddress, bool UnsubscribeConfigured);

/// <summary>
/// Checks a campaign before launch. Errors stop the launch: PHI where it travels in clear (subject, preheader, From
/// name, links), not exactly one call to action, marketing without the address and opt-out the law asks for, links
/// to domains nobody listed, templates that do not parse or name fields the catalogue lacks.
/// </summary>
public static class CampaignLinter
{
    private static readonly AngleSharp.Html.Parser.HtmlParser HtmlParser = new();

    /// <summary>Longest subject accepted.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>Every finding for the campaign, in the order the page shows its parts.</summary>
    public static IReadOnlyList<Lint> Check(CampaignEnvelope envelope, CampaignDesign design, bool isMarketing, LintSettings settings)
    {
        var lints = new List<Lint>();
        CampaignTemplate.TryCompile(envelope, design, out var problems);
        lints.AddRange(problems.Select(p => new Lint(p.Where, LintSeverity.Error, p.Message)));

        CheckLine(lints, "from_name", "From name", envelope.FromName, 100);
        CheckLine(lints, "subject", "Subject", envelope.Subject, MaxSubjectLength);
        CheckLine(lints, "preheader", "Preheader", envelope.Preheader, 200, required: false);
        foreach (var (where, source) in new[] { ("from_name", envelope.FromName), ("subject", envelope.Subject), ("preheader", envelope.Preheader) })
        {
            CheckFields(lints, where, source);
            foreach (var field in Sensitive(source))
                lints.Add(new Lint(where, LintSeverity.Error, $"{{{{ {field.Name} }}}} is patient data, and this line is shown in clear by every mail client and server on the way: take it out."));
        }

        if (design.Blocks.Count == 0) lints.Add(new Lint("blocks", LintSeverity.Error, "The email has no content yet: add a heading, some text and a button."));
        if (design.Blocks.Count > CampaignDesign.MaxBlocks) lints.Add(new Lint("blocks", LintSeverity.Error, $"An email holds at most {CampaignDesign.MaxBlocks} blocks."));
        var buttons = design.Blocks.Select((b, i) => (b, i)).Where(x => x.b.Kind == BlockKind.Button).ToList();
        if (buttons.Count == 0)
            lints.Add(new Lint("blocks", LintSeverity.Error, "Add one button: every campaign email has one clear call to action."));
        foreach (var (_, i) in buttons.Skip(1))
            lints.Add(new Lint($"block:{i}", LintSeverity.Error, "More than one call to action: keep one button and make the others text."));

        for (var i = 0; i < design.Blocks.Count; i++)
        {
            var block = design.Blocks[i];
            var where = $"block:{i}";
            if (block.Text.Length > CampaignDesign.MaxTextLength) lints.Add(new Lint(where, LintSeverity.Error, $"A block holds at most {CampaignDesign.MaxTextLength:N0} characters."));
            CheckFields(lints, where, block.Text);
            switch (block.Kind)
            {
                case BlockKind.Heading or BlockKind.Text when string.IsNullOrWhiteSpace(block.Text):
                    lints.Add(new Lint(where, LintSeverity.Warning, "This block is empty."));
                    break;
                case BlockKind.Image:
                    CheckLink(lints, where, block.Url, settings, "The image");
                    if (string.IsNullOrWhiteSpace(block.Text))
                        lints.Add(new Lint(where, LintSeverity.Warning, "Describe the image for people who cannot see it (and for mail clients that block images)."));
                    break;
                case BlockKind.Button:
                    if (string.IsNullOrWhiteSpace(block.Text)) lints.Add(new Lint(where, LintSeverity.Error, "Give the button a label that says what happens, e.g. \"Book your flu jab\"."));
                    if (block.Action is null) lints.Add(new Lint(where, LintSeverity.Error, "Choose what the button does."));
                    else if (CampaignBlock.IsPortalAction(block.Action))
                    {
                        if (!IsPortalPath(block.Url)) lints.Add(new Lint(where, LintSeverity.Error, "A portal action leads to a page of the portal: give its path, e.g. /forms or /messages."));
                    }
                    else CheckLink(lints, where, block.Url, settings, "The button", allowContact: block.Action == CallToAction.ContactUs);
                    break;
                case BlockKind.Html:
                    // Expert HTML may carry links and images of its own: the same rules hold for them as for blocks.
                    var document = HtmlParser.ParseDocument("<body></body>");
                    document.Body!.InnerHtml = block.Text;
                    foreach (var element in document.Body.QuerySelectorAll("[href], [src]"))
                        CheckLink(lints, where, element.GetAttribute("href") ?? element.GetAttribute("src") ?? "", settings, "A link in the HTML", allowContact: true);
                    if (document.Body.QuerySelectorAll("a[href]").Length > 0)
                        lints.Add(new Lint(where, LintSeverity.Warning, "A link in the HTML competes with the button: one clear call to action works best."));
                    break;
            }
        }

        if (isMarketing)
        {
            if (string.IsNullOrWhiteSpace(settings.PostalAddress))
                lints.Add(new Lint("purpose", LintSeverity.Error, "Marketing mail must carry the organisation's postal address (CAN-SPAM): set Campaigns:PostalAddress."));
            if (!settings.UnsubscribeConfigured)
                lints.Add(new Lint("purpose", LintSeverity.Error, "Marketing mail must carry a one-click unsubscribe (RFC 8058): set Delivery:Unsubscribe."));
        }
        else if (!settings.UnsubscribeConfigured)
            lints.Add(new Lint("purpose", LintSeverity.Error, "Campaign mail carries an opt-out link, which needs Delivery:Unsubscribe to be set."));
        return lints;
    }

    /// <summary>The most a body reveals: the delivery policy protects the mail accordingly.</summary>
    public static FieldSensitivity BodySensitivity(CampaignDesign design) =>
        design.Blocks.SelectMany(b => Sensitive(b.Text)).Select(f => f.Sensitivity).DefaultIfEmpty(FieldSensitivity.None).Max();

    /// <summary>Whether any template of the campaign uses patient data (a marketing campaign then needs authorisation).</summary>
    public static bool UsesPatientData(CampaignEnvelope envelope, CampaignDesign design) =>
        new[] { envelope.FromName, envelope.Subject, envelope.Preheader }.Concat(design.Blocks.Select(b => b.Text)).Any(s => Sensitive(s).Any());

    private static IEnumerable<MergeField> Sensitive(string source) =>
        MergeFields.NamedIn(source).Select(MergeFields.Find).OfType<MergeField>().Where(f => f.Sensitivity > FieldSensitivity.None);

    private static void CheckFields(List<Lint> lints, string where, string source)
    {
        foreach (var name in MergeFields.NamedIn(source).Where(n => MergeFields.Find(n) is null))
            lints.Add(new Lint(where, LintSeverity.Error, $"{{{{ {name} }}}} is not a merge field. Fields: {string.Join(", ", MergeFields.All.Select(f => f.Name))}."));
        foreach (var name in MergeFields.BareNamesIn(source))
            lints.Add(new Lint(where, LintSeverity.Error, $"{{{{ {name} }}}} is not a merge field. Fields: {string.Join(", ", MergeFields.All.Select(f => f.Name))}."));
    }

    private static void CheckLine(List<Lint> lints, string where, string label, string value, int max, bool required = true)
    {
        if (required && string.IsNullOrWhiteSpace(value)) lints.Add(new Lint(where, LintSeverity.Error, $"{label} is empty."));
        if (value.Length > max) lints.Add(new Lint(where, LintSeverity.Error, $"{label} is longer than {max} characters."));
        if (value.Any(char.IsControl)) lints.Add(new Lint(where, LintSeverity.Error, $"{label} must be one line, without control characters."));
    }

    private static void CheckLink(List<Lint> lints, string where, string url, LintSettings settings, string what, bool allowContact = false)
    {
        url = url.Trim();
        if (url.Contains("{{") || url.Contains("{%"))
        {
            lints.Add(new Lint(where, LintSeverity.Error, $"{what}'s link holds a merge field: links are seen by every server on the way, so they carry no patient data."));
            return;
        }
        if (allowContact && (url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)))
            return;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            lints.Add(new Lint(where, LintSeverity.Error, $"{what} needs a full https:// address."));
            return;
        }
        var host = uri.IdnHost;
        var known = host.Equals(settings.PortalHost, StringComparison.OrdinalIgnoreCase)
            || settings.LinkDomains.Any(d => host.Equals(d, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
        if (!known)
            lints.Add(new Lint(where, LintSeverity.Error, $"{what} links to {host}, which is not one of the organisation's domains (Campaigns:LinkDomains). Links to unknown domains look like phishing."));
    }

    private static bool IsPortalPath(string path) =>
        path.StartsWith('/') && !path.StartsWith("//") && !path.Contains('\\') && !path.Any(char.IsControl) && !path.Contains("{{") && path.Length <= 300
        && Uri.TryCreate("https://portal.invalid" + path, UriKind.Absolute, out var uri) && uri.Host == "portal.invalid";
}
