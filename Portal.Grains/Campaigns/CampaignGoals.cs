using Portal.Data.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>The healthcare goals a campaign may have, as marketers name them, with the metric each is judged by.</summary>
public static class CampaignGoals
{
    public static string Title(CampaignGoal goal) => goal switch
    {
        CampaignGoal.NewPatients => "New patient acquisition",
        CampaignGoal.ReEngageLapsed => "Re-engaging lapsed patients",
        CampaignGoal.Awareness => "Awareness of a vaccine, treatment or condition",
        CampaignGoal.Adherence => "Treatment or medication adherence",
        CampaignGoal.SurveyResponses => "Survey responses and patient-reported outcomes",
        _ => goal.ToString(),
    };

    public static string Metric(CampaignGoal goal) => goal switch
    {
        CampaignGoal.NewPatients => "Appointments scheduled",
        CampaignGoal.ReEngageLapsed => "Portal sign-ins from the campaign",
        CampaignGoal.Awareness => "Portal visits from the campaign",
        CampaignGoal.Adherence => "Appointments kept",
        CampaignGoal.SurveyResponses => "Forms completed",
        _ => "",
    };

    public static string Purpose(CampaignPurpose purpose) => purpose switch
    {
        CampaignPurpose.CareCommunication => "Care communication",
        CampaignPurpose.Marketing => "Marketing",
        _ => purpose.ToString(),
    };

    public static string Status(CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => "Draft",
        CampaignStatus.Queuing => "Queuing recipients",
        CampaignStatus.Sending => "Sending",
        CampaignStatus.Paused => "Paused",
        CampaignStatus.Cancelled => "Cancelled",
        CampaignStatus.Sent => "Sent",
        _ => status.ToString(),
    };
}
