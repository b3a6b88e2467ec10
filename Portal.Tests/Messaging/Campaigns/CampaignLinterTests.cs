using Portal.Messaging.Campaigns;

namespace Portal.Tests.Messaging.Campaigns;

/// <summary>What stops a launch, each finding placed beside what it concerns.</summary>
public sealed class CampaignLinterTests
{
    private static readonly LintSettings Settings = new("portal.test", ["clinic.example"], "Riverside Clinic", "12 River Road", UnsubscribeConfigured: true);

    private static readonly CampaignBlock Button = new() { Kind = BlockKind.Button, Text = "Book", Url = "https://book.clinic.example/flu", Action = CallToAction.ScheduleAppointment };

    private static IReadOnlyList<Lint> Check(CampaignEnvelope envelope, bool marketing = true, LintSettings? settings = null, params CampaignBlock[] blocks) =>
        CampaignLinter.Check(envelope, new CampaignDesign { Blocks = blocks }, marketing, settings ?? Settings);

    private static readonly CampaignEnvelope Clean = new("Riverside Clinic", "Flu jabs are here", "Book in two minutes");

    [Fact]
    public void A_clean_campaign_has_no_errors()
    {
        var lints = Check(Clean, blocks: [new() { Kind = BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }}" }, Button]);
        Assert.DoesNotContain(lints, l => l.Severity == LintSeverity.Error);
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("preheader")]
    [InlineData("from_name")]
    public void Patient_data_where_it_travels_in_clear_is_an_error(string where)
    {
        const string phi = "{{ patient.first_name }}";
        var envelope = where switch
        {
            "subject" => Clean with { Subject = "For " + phi },
            "preheader" => Clean with { Preheader = phi + ", book now" },
            _ => Clean with { FromName = phi + "'s clinic" },
        };
        var lint = Assert.Single(Check(envelope, blocks: Button), l => l.Severity == LintSeverity.Error);
        Assert.Equal(where, lint.Where);
        Assert.Contains("patient data", lint.Message);
    }

    [Fact]
    public void Links_with_fields_unknown_domains_and_a_second_button_are_errors_beside_their_block()
    {
        var lints = Check(Clean, blocks:
        [
            new() { Kind = BlockKind.Image, Text = "A nurse", Url = "https://evil.example/pixel.png" },
            Button,
            new() { Kind = BlockKind.Button, Text = "Also", Url = "https://clinic.example/?n={{ patient.first_name }}", Action = CallToAction.DownloadResource },
            new() { Kind = BlockKind.Button, Text = "Portal", Url = "//evil.example", Action = CallToAction.SignInToSeeContent },
        ]);
        Assert.Contains(lints, l => l.Where == "block:0" && l.Message.Contains("evil.example"));
        Assert.Contains(lints, l => l.Where == "block:2" && l.Message.Contains("More than one call to action"));
        Assert.Contains(lints, l => l.Where == "block:2" && l.Message.Contains("merge field"));
        Assert.Contains(lints, l => l.Where == "block:3" && l.Message.Contains("give its path"));
        Assert.DoesNotContain(lints, l => l.Where == "block:1");
    }

    [Fact]
    public void Links_and_images_in_expert_html_follow_the_same_rules()
    {
        var lints = Check(Clean, blocks:
        [
            new() { Kind = BlockKind.Html, Text = "<p><img src=\"https://tracker.example/p.gif\"><a href=\"https://clinic.example/?n={{ patient.first_name }}\">more</a></p>" },
            Button,
        ]);
        Assert.Contains(lints, l => l.Where == "block:0" && l.Severity == LintSeverity.Error && l.Message.Contains("tracker.example"));
        Assert.Contains(lints, l => l.Where == "block:0" && l.Severity == LintSeverity.Error && l.Message.Contains("merge field"));
        Assert.Contains(lints, l => l.Where == "block:0" && l.Severity == LintSeverity.Warning && l.Message.Contains("competes with the button"));
    }

    [Fact]
    public void No_button_unknown_fields_and_marketing_without_address_or_unsubscribe_are_errors()
    {
        var bare = Settings with { PostalAddress = "", UnsubscribeConfigured = false };
        var lints = Check(Clean, marketing: true, bare, new CampaignBlock { Kind = BlockKind.Text, Text = "Your result: {{ patient.diagnosis }} {{ secret }}" });
        Assert.Contains(lints, l => l.Where == "blocks" && l.Message.Contains("one clear call to action"));
        Assert.Contains(lints, l => l.Where == "block:0" && l.Message.Contains("patient.diagnosis"));
        Assert.Contains(lints, l => l.Where == "block:0" && l.Message.Contains("secret"));
        Assert.Contains(lints, l => l.Where == "purpose" && l.Message.Contains("postal address"));
        Assert.Contains(lints, l => l.Where == "purpose" && l.Message.Contains("RFC 8058"));
        // Care communication needs no postal address, but still an opt-out link.
        var care = Check(Clean, marketing: false, bare, Button);
        Assert.DoesNotContain(care, l => l.Message.Contains("postal address"));
        Assert.Contains(care, l => l.Where == "purpose");
    }

    [Fact]
    public void A_body_naming_the_patient_is_light_phi()
    {
        Assert.Equal(FieldSensitivity.Light, CampaignLinter.BodySensitivity(new CampaignDesign { Blocks = [new() { Kind = BlockKind.Text, Text = "Hi {{patient.first_name}}" }] }));
        Assert.Equal(FieldSensitivity.None, CampaignLinter.BodySensitivity(new CampaignDesign { Blocks = [new() { Kind = BlockKind.Text, Text = "From {{ organisation.name }}" }] }));
    }
}
