using System.Text.Json;
using Portal.Data.Audience;
using Portal.Grains.Encryption;

namespace Portal.Grains.Audience;

/// <summary>How a profile is stored: the details encrypted under the patient's key, the coarse values segments filter
/// on in clear. One place, for the profile grain and for records created in bulk by an import.</summary>
public static class ProfileSealing
{
    public static void Apply(PatientProfile row, DataKey key, ProfileDetails details, DateTime now)
    {
        row.DetailsCipher = key.Seal(PhiFields.PatientProfileDetails, row.PatientId, JsonSerializer.SerializeToUtf8Bytes(details));
        row.BirthYear = details.DateOfBirth?.Year;
        row.Sex = details.Sex;
        row.Language = string.IsNullOrWhiteSpace(details.Language) ? null : details.Language.Trim().ToLowerInvariant();
        row.PostalPrefix = Coarse.PostalPrefix(details.PostalCode);
        row.TimeZone = string.IsNullOrWhiteSpace(details.TimeZone) ? null : details.TimeZone.Trim();
        row.LastVisitUtc = details.LastVisit?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        row.UpdatedUtc = now;
    }
}
