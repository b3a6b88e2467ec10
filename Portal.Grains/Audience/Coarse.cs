namespace Portal.Grains.Audience;

/// <summary>The coarse, clear forms of identifying values that segments filter on.</summary>
public static class Coarse
{
    /// <summary>The first three characters of a postal code, upper case (a US ZIP's three-digit prefix; HIPAA's
    /// Safe Harbor method keeps no more of a ZIP code).</summary>
    public static string? PostalPrefix(string? postalCode)
    {
        var compact = new string([.. (postalCode ?? "").Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        return compact.Length >= 3 ? compact[..3] : null;
    }
}
