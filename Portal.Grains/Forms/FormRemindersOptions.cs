namespace Portal.Grains.Forms;

public sealed class FormRemindersOptions
{
    public const string SectionName = "FormReminders";

    /// <summary>How long before the due date the "due soon" reminder goes out.</summary>
    public TimeSpan LeadTime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the schedule is checked for reminders that have come due.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
