using Portal.Messaging.Campaigns;

namespace Portal.Tests.Messaging.Campaigns;

/// <summary>Blocks to responsive HTML and text: merged values and the marketer's own words are text, never markup;
/// the expert HTML block is sanitised; nothing merged can add a header line.</summary>
public sealed class CampaignTemplateTests
{
    private static readonly CampaignLinks Links = new("https://portal.test", "https://portal.test/unsubscribe/TOKEN", "https://portal.test/preferences");
    private static readonly CampaignFooter Footer = new("Riverside Clinic", "12 River Road, Springfield");

    private static CampaignDesign Design(params CampaignBlock[] blocks) => new() { Blocks = blocks };

    private static RenderedCampaign Render(CampaignDesign design, Dictionary<string, string> values, string subject = "Flu jabs are here")
    {
        var template = CampaignTemplate.TryCompile(new CampaignEnvelope("{{ organisation.name }}", subject, "Book in two minutes"), design, out var problems);
        Assert.Empty(problems);
        return template!.Render(values, Links, Footer);
    }

    [Fact]
    public void Merges_fields_and_encodes_what_the_marketer_and_the_values_write()
    {
        var design = Design(
            new CampaignBlock { Kind = BlockKind.Heading, Text = "Hello {{ patient.first_name | default: \"there\" }}" },
            new CampaignBlock { Kind = BlockKind.Text, Text = "First <script>alert(1)</script> line\nsame paragraph\n\nSecond paragraph" },
            new CampaignBlock { Kind = BlockKind.Button, Text = "Book now", Url = "/forms", Action = CallToAction.FillFormOrSurvey });

        var rendered = Render(design, new() { ["patient.first_name"] = "<b>Ann</b>", ["organisation.name"] = "Riverside Clinic" });

        Assert.Contains("Hello &lt;b&gt;Ann&lt;/b&gt;</h1>", rendered.Html);
        Assert.DoesNotContain("<script>", rendered.Html);
        Assert.Contains("First &lt;script&gt;alert(1)&lt;/script&gt; line<br>same paragraph</p>", rendered.Html);
        Assert.Contains("<p style=\"margin:0 0 16px;\">Second paragraph</p>", rendered.Html);
        Assert.Contains("href=\"https://portal.test/forms\"", rendered.Html);
        Assert.Contains("Book now: https://portal.test/forms", rendered.Text);
        Assert.Contains("12 River Road, Springfield", rendered.Html);
        Assert.Contains("https://portal.test/unsubscribe/TOKEN", rendered.Html);
        Assert.Contains("Unsubscribe: https://portal.test/unsubscribe/TOKEN", rendered.Text);
        Assert.Equal("Riverside Clinic", rendered.FromName);
        Assert.Contains("Book in two minutes", rendered.Html); // the preheader, hidden at the top

        var nobody = Render(design, new() { ["organisation.name"] = "Riverside Clinic" });
        Assert.Contains("Hello there</h1>", nobody.Html);
    }

    [Fact]
    public void A_merged_value_cannot_add_a_header_line_and_expert_html_is_sanitised()
    {
        var design = Design(new CampaignBlock { Kind = BlockKind.Html, Text = "<p onclick=\"x()\">Hi {{ patient.first_name }}</p><script>steal()</script><a href=\"javascript:x()\">x</a><form><input></form>" });
        var rendered = Render(design, new() { ["patient.first_name"] = "Ann\r\nBcc: victim@example.org" }, subject: "For {{ patient.first_name }}");

        Assert.DoesNotContain('\n', rendered.Subject);
        Assert.DoesNotContain('\r', rendered.Subject);
        Assert.Contains("Hi Ann  Bcc: victim@example.org", rendered.Html);
        Assert.DoesNotContain("onclick", rendered.Html);
        Assert.DoesNotContain("steal()", rendered.Html);
        Assert.DoesNotContain("javascript:", rendered.Html);
        Assert.DoesNotContain("<form", rendered.Html);
        Assert.DoesNotContain("<input", rendered.Html);
    }

    [Fact]
    public void A_template_that_does_not_parse_says_where()
    {
        var template = CampaignTemplate.TryCompile(new CampaignEnvelope("Clinic", "Hi {{ patient.first_name", ""), Design(new CampaignBlock { Kind = BlockKind.Text, Text = "{% if %}" }), out var problems);
        Assert.Null(template);
        Assert.Contains(problems, p => p.Where == "subject");
        Assert.Contains(problems, p => p.Where == "block:0");
    }

    [Fact]
    public void The_design_round_trips_and_unreadable_json_is_an_empty_design()
    {
        var design = Design(new CampaignBlock { Kind = BlockKind.Button, Text = "Go", Url = "/messages", Action = CallToAction.SignInToSeeContent });
        Assert.Equal(design.Blocks, CampaignDesign.FromJson(design.ToJson()).Blocks);
        Assert.Empty(CampaignDesign.FromJson("{not json").Blocks);
    }
}
