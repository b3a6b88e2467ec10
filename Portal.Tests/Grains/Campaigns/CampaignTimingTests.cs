using Portal.Data.Campaigns;
using Portal.Grains.Campaigns;

namespace Portal.Tests.Grains.Campaigns;

/// <summary>When each patient's copy leaves: in the right time zone, never in the past, never in quiet hours.</summary>
public sealed class CampaignTimingTests
{
    private static readonly CampaignTiming Timing = CampaignTiming.From(new CampaignOptions { TimeZone = "America/New_York", QuietHoursStart = new(21, 0, 0), QuietHoursEnd = new(8, 0, 0) });
    private static readonly DateTime Now = new(2030, 1, 10, 15, 0, 0, DateTimeKind.Utc);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2030, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_moment_is_read_in_the_organisations_zone_and_is_the_same_for_everyone()
    {
        Assert.Equal(Utc(1, 15, 14), Timing.SendUtc(CampaignSchedule.At, "2030-01-15T09:00", "Europe/Paris", Now));
        Assert.Equal(Utc(1, 15, 14), Timing.SendUtc(CampaignSchedule.At, "2030-01-15T09:00", null, Now));
    }

    [Fact]
    public void A_local_time_is_read_in_each_patients_zone_or_the_organisations()
    {
        Assert.Equal(Utc(1, 15, 0), Timing.SendUtc(CampaignSchedule.LocalTime, "2030-01-15T09:00", "Asia/Tokyo", Now));
        Assert.Equal(Utc(1, 15, 17), Timing.SendUtc(CampaignSchedule.LocalTime, "2030-01-15T09:00", "America/Los_Angeles", Now));
        Assert.Equal(Utc(1, 15, 14), Timing.SendUtc(CampaignSchedule.LocalTime, "2030-01-15T09:00", "Not/A_Zone", Now));
        // 02:30 does not exist in New York on 10 March 2030 (clocks go forward): an hour later, 03:30 EDT; with the
        // default quiet hours it then waits for 08:00 EDT.
        var noQuietHours = CampaignTiming.From(new CampaignOptions { TimeZone = "America/New_York", QuietHoursStart = TimeSpan.Zero, QuietHoursEnd = TimeSpan.Zero });
        Assert.Equal(Utc(3, 10, 7, 30), noQuietHours.SendUtc(CampaignSchedule.LocalTime, "2030-03-10T02:30", null, Now));
        Assert.Equal(Utc(3, 10, 12), Timing.SendUtc(CampaignSchedule.LocalTime, "2030-03-10T02:30", null, Now));
    }

    [Fact]
    public void Quiet_hours_and_the_past_move_a_copy_to_the_next_allowed_moment()
    {
        // 15:00 UTC is 10:00 in New York: allowed; 03:00 in Tokyo's night: waits for 08:00 there (23:00 UTC).
        Assert.Equal(Now, Timing.SendUtc(CampaignSchedule.Now, null, "America/New_York", Now));
        Assert.Equal(Utc(1, 10, 23), Timing.SendUtc(CampaignSchedule.Now, null, "Asia/Tokyo", Now.AddHours(3)));
        // 22:30 local is quiet until 08:00 the next morning.
        Assert.Equal(Utc(1, 16, 13), Timing.SendUtc(CampaignSchedule.LocalTime, "2030-01-15T22:30", null, Now));
        // A moment already past goes now.
        Assert.Equal(Now, Timing.SendUtc(CampaignSchedule.At, "2030-01-01T10:00", null, Now));
        Assert.Null(CampaignTiming.ParseLocal("15/01/2030 09:00"));
        Assert.Null(Timing.FirstUtc(CampaignSchedule.At, "tomorrow", Now));
    }
}
