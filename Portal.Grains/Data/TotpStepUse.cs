namespace Portal.Grains.Data;

/// <summary>
/// The highest TOTP time step accepted for an account: a code at or below it is a replay.
/// Kept apart from the Identity user row so Identity's whole-row updates never roll it back.
/// </summary>
public sealed class TotpStepUse
{
    public Guid UserId { get; set; }
    public long LastTimeStep { get; set; }
}
