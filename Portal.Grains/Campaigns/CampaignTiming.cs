using System.Globalization;
using Portal.Data.Campaigns;

namespace Portal.Grains.Campaigns;

/// <summary>
/// When one patient's copy may leave: the campaign's schedule read in the right time zone (the organisation's for a
/// moment, the patient's for a local time), never in the past, and moved out of the patient's quiet hours.
/// </summary>
public sealed class CampaignTiming(TimeZoneInfo organisation, TimeSpan quietStart, TimeSpan quietEnd)
{
    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public static CampaignTiming From(CampaignOptions options) =>
        new(Zone(options.TimeZone) ?? TimeZoneInfo.Utc, options.QuietHoursStart, options.QuietHoursEnd);

    public TimeZoneInfo Organisation => organisation;

    /// <summary>The schedule's local date and time, or null when it is missing or not of the form <see cref="LocalFormat"/>.</summary>
    public static DateTime? ParseLocal(string? value) =>
        DateTime.TryParseExact(value, LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? DateTime.SpecifyKind(local, DateTimeKind.Unspecified) : null;

    /// <summary>The first moment (UTC) the schedule names, for the checks and the page (the organisation's zone for a local time).</summary>
    public DateTime? FirstUtc(CampaignSchedule schedule, string? sendAtLocal, DateTime nowUtc) => schedule switch
    {
        CampaignSchedule.Now => nowUtc,
        _ when ParseLocal(sendAtLocal) is { } local => TimeZoneInfo.ConvertTimeToUtc(local, organisation),
        _ => null,
    };

    /// <summary>When the copy for a patient in <paramref name="patientZone"/> (IANA, or null) may leave.</summary>
    public DateTime SendUtc(CampaignSchedule schedule, string? sendAtLocal, string? patientZone, DateTime nowUtc)
    {
        var zone = Zone(patientZone) ?? organisation;
        var utc = schedule switch
        {
            CampaignSchedule.At when ParseLocal(sendAtLocal) is { } local => TimeZoneInfo.ConvertTimeToUtc(local, organisation),
            CampaignSchedule.LocalTime when ParseLocal(sendAtLocal) is { } local => ToUtc(local, zone),
            _ => nowUtc,
        };
        if (utc < nowUtc) utc = nowUtc;
        return OutOfQuietHours(utc, zone);
    }

    private DateTime OutOfQuietHours(DateTime utc, TimeZoneInfo zone)
    {
        if (quietStart == quietEnd) return utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var time = local.TimeOfDay;
        var quiet = quietStart < quietEnd ? time >= quietStart && time < quietEnd : time >= quietStart || time < quietEnd;
        if (!quiet) return utc;
        var endDay = quietStart < quietEnd || time < quietEnd ? local.Date : local.Date.AddDays(1);
        return ToUtc(endDay + quietEnd, zone);
    }

    // A local time that does not exist (the hour skipped when clocks go forward) is taken an hour later.
    private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static TimeZoneInfo? Zone(string? id) => id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
