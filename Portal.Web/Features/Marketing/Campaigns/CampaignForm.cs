using Portal.Data.Campaigns;
using Portal.Grains.Campaigns;
using Portal.Messaging.Campaigns;

namespace Portal.Web.Features.Marketing.Campaigns;

/// <summary>The campaign editor's form: the goal first, then purpose and audience, then the email in blocks.</summary>
public sealed class CampaignForm
{
    public CampaignGoal Goal { get; set; } = CampaignGoal.Awareness;
    public string Name { get; set; } = "";
    public CampaignPurpose Purpose { get; set; } = CampaignPurpose.CareCommunication;
    public bool PaidByThirdParty { get; set; }
    public Guid? SegmentId { get; set; }
    public string FromName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Preheader { get; set; } = "";
    public List<BlockForm> Blocks { get; set; } = [];
    public CampaignSchedule Schedule { get; set; } = CampaignSchedule.Now;
    public int HoldoutPercent { get; set; }

    /// <summary>As the datetime-local field gives it: <c>yyyy-MM-ddTHH:mm</c>.</summary>
    public string? SendAtLocal { get; set; }

    public sealed class BlockForm
    {
        public BlockKind Kind { get; set; } = BlockKind.Text;
        public string? Text { get; set; }
        public string? Url { get; set; }
        public CallToAction? Action { get; set; }
    }

    public CampaignDraft ToDraft() => new(
        Name ?? "", Goal, Purpose, PaidByThirdParty, SegmentId, FromName ?? "", Subject ?? "", Preheader ?? "",
        new CampaignDesign { Blocks = [.. Blocks.Select(b => new CampaignBlock { Kind = b.Kind, Text = b.Text ?? "", Url = b.Url ?? "", Action = b.Kind == BlockKind.Button ? b.Action : null })] }.ToJson(),
        Schedule, Schedule == CampaignSchedule.Now ? null : SendAtLocal, HoldoutPercent);

    public static CampaignForm From(CampaignDraft draft) => new()
    {
        Goal = draft.Goal,
        Name = draft.Name,
        Purpose = draft.Purpose,
        PaidByThirdParty = draft.PaidByThirdParty,
        SegmentId = draft.SegmentId,
        FromName = draft.FromName,
        Subject = draft.Subject,
        Preheader = draft.Preheader,
        Schedule = draft.Schedule,
        SendAtLocal = draft.SendAtLocal,
        HoldoutPercent = draft.HoldoutPercent,
        Blocks = [.. CampaignDesign.FromJson(draft.DesignJson).Blocks.Select(b => new BlockForm { Kind = b.Kind, Text = b.Text, Url = b.Url, Action = b.Action })],
    };

    /// <summary>A new draft starts with a heading, a paragraph and a button, so the editor shows what an email is made of.</summary>
    public static CampaignForm Starter(string organisation) => new()
    {
        FromName = organisation,
        Blocks =
        [
            new() { Kind = BlockKind.Heading, Text = "A heading that says what this is about" },
            new() { Kind = BlockKind.Text, Text = "Hello {{ patient.first_name | default: \"there\" }},\n\nOne or two short paragraphs." },
            new() { Kind = BlockKind.Button, Text = "Sign in to read more", Url = "/messages", Action = CallToAction.SignInToSeeContent },
        ],
    };

    /// <summary>When the campaign is sent, in words, with the organisation's time zone where it applies.</summary>
    public static string When(CampaignSchedule schedule, string? sendAtLocal, string organisationZone) => schedule switch
    {
        CampaignSchedule.At => $"{sendAtLocal?.Replace('T', ' ')} ({organisationZone})",
        CampaignSchedule.LocalTime => $"{sendAtLocal?.Replace('T', ' ')} in each patient's own time zone",
        _ => "As soon as it is launched",
    };

    public static string Title(BlockKind kind) => kind switch
    {
        BlockKind.Heading => "Heading",
        BlockKind.Text => "Text",
        BlockKind.Image => "Image",
        BlockKind.Divider => "Divider",
        BlockKind.Button => "Button (call to action)",
        BlockKind.Html => "HTML (for experts, sanitised)",
        _ => kind.ToString(),
    };

    public static string AddLabel(BlockKind kind) => kind switch
    {
        BlockKind.Heading => "a heading",
        BlockKind.Text => "a paragraph",
        BlockKind.Image => "an image",
        BlockKind.Divider => "a divider",
        BlockKind.Button => "a button (call to action)",
        BlockKind.Html => "HTML (for experts)",
        _ => kind.ToString(),
    };

    public static string Title(CallToAction action) => action switch
    {
        CallToAction.SignInToSeeContent => "Sign in to see content (portal page)",
        CallToAction.FillFormOrSurvey => "Fill a form or survey (portal page)",
        CallToAction.ScheduleAppointment => "Schedule an appointment",
        CallToAction.DownloadResource => "Download a resource",
        CallToAction.ContactUs => "Contact us",
        _ => action.ToString(),
    };
}
