namespace Portal.Web.Infrastructure;

/// <summary>Times as the patient lives them: entered and shown in the patient's own time zone when known, else UTC.</summary>
public static class PatientTime
{
    /// <summary>Null for a local time the clocks skip (the hour a daylight-saving change removes).</summary>
    public static DateTime? ToUtc(DateTime local, string? timeZone) => Zone(timeZone) switch
    {
        null => DateTime.SpecifyKind(local, DateTimeKind.Utc),
        { } zone when zone.IsInvalidTime(local) => null,
        { } zone => TimeZoneInfo.ConvertTimeToUtc(local, zone),
    };

    public static DateTime ToLocal(DateTime utc, string? timeZone) =>
        Zone(timeZone) is { } zone ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone) : utc;

    public static string ZoneName(string? timeZone) => Zone(timeZone) is not null ? timeZone! : "UTC";

    public static int AgeOn(DateOnly birth, DateOnly today) => today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);

    private static TimeZoneInfo? Zone(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : null;
}
