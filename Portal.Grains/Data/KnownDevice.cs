namespace Portal.Grains.Data;

/// <summary>A browser an account has signed in from, known by a hash of a random cookie it holds.
/// A sign-in from a browser not on the list triggers a notice to the account's owner.</summary>
public sealed class KnownDevice
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string DeviceHash { get; set; } = "";
    public DateTime FirstSeenUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    public string? LastAddress { get; set; }
}
