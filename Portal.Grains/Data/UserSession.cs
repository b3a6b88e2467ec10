namespace Portal.Grains.Data;

/// <summary>
/// A signed-in session, held on the server so it can be ended there: the cookie only names it.
/// Idle and absolute limits are checked against this row on every request.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    /// <summary>When the user last proved a second factor in this session (sign-in or step-up).</summary>
    public DateTime? SecondFactorUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public string? RevokedReason { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}
