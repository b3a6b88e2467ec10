namespace Portal.Grains.Audit;

/// <summary>Who is acting and from where; passed into every grain call that touches PHI so the grain can audit it.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditActor(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Role,
    [property: Id(2)] string? SourceIp)
{
    /// <summary>The product itself, for what a background job does on a rule (expiry, retention).</summary>
    public static AuditActor System { get; } = new(Guid.Empty, "system", null);
}
