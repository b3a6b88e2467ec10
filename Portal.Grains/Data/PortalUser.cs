using Microsoft.AspNetCore.Identity;

namespace Portal.Grains.Data;

/// <summary>An account of any role. A patient's clinical data lives in <see cref="Patient"/>, encrypted.</summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    /// <summary>Name shown to colleagues for staff accounts; for patients a neutral label, never clinical data.</summary>
    public string DisplayName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
