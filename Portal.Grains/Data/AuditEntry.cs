namespace Portal.Grains.Data;

/// <summary>One audited event. Holds ids and outcomes, never PHI.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime TimestampUtc { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorRole { get; set; }
    public Guid? PatientId { get; set; }
    public string Action { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? TargetId { get; set; }
    public string? SourceIp { get; set; }
}
