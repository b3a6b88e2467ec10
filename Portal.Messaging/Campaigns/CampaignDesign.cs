using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Messaging.Campaigns;

/// <summary>The kinds of block a campaign email is written in; no raw HTML is needed, though experts may use it.</summary>
public enum BlockKind
{
    /// <summary>A one-line heading.</summary>
    Heading = 1,
    /// <summary>Paragraphs; a blank line starts a new one.</summary>
    Text = 2,
    /// <summary>An image by https address, with its description.</summary>
    Image = 3,
    /// <summary>A horizontal rule.</summary>
    Divider = 4,

    /// <summary>The call to action: one per email.</summary>
    Button = 5,

    /// <summary>Raw HTML for experts, sanitised when rendered.</summary>
    Html = 6,
}

/// <summary>Where the call to action leads. The first two are portal deep links that ask for sign-in and land on the content.</summary>
public enum CallToAction
{
    /// <summary>Sign in and land on a portal page (a message, the inbox, a resource).</summary>
    SignInToSeeContent = 1,
    /// <summary>Sign in and land on a form or survey.</summary>
    FillFormOrSurvey = 2,
    /// <summary>The organisation's booking page.</summary>
    ScheduleAppointment = 3,
    /// <summary>A leaflet or guide on the organisation's site.</summary>
    DownloadResource = 4,
    /// <summary>A contact page, mailto: or tel: link.</summary>
    ContactUs = 5,
}

/// <summary>One block. <see cref="Text"/> is the heading, paragraph(s), button label, image description or HTML;
/// <see cref="Url"/> is the image's address or the button's target (a portal path for portal actions).</summary>
public sealed record CampaignBlock
{
    /// <summary>What the block is.</summary>
    public BlockKind Kind { get; init; }
    /// <summary>Its words (Liquid template).</summary>
    public string Text { get; init; } = "";
    /// <summary>Its address, for images and buttons.</summary>
    public string Url { get; init; } = "";
    /// <summary>For a button: what it does.</summary>
    public CallToAction? Action { get; init; }

    /// <summary>Whether the action leads into the portal, where <see cref="Url"/> is a path such as <c>/forms</c>.</summary>
    public static bool IsPortalAction(CallToAction? action) => action is CallToAction.SignInToSeeContent or CallToAction.FillFormOrSurvey;
}

/// <summary>A campaign email's content: its blocks in order.</summary>
public sealed record CampaignDesign
{
    /// <summary>Most blocks one email holds.</summary>
    public const int MaxBlocks = 30;
    /// <summary>Most characters one block holds.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The blocks, top to bottom.</summary>
    public IReadOnlyList<CampaignBlock> Blocks { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The form it is stored in.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads stored JSON; a design that cannot be read is an empty one (the linter then says so).</summary>
    public static CampaignDesign FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new();
        try
        {
            return JsonSerializer.Deserialize<CampaignDesign>(json, Json) ?? new();
        }
        catch (JsonException)
        {
            return new();
        }
    }
}
