namespace Portal.Messaging.Delivery;

/// <summary>Connections of one destination domain.</summary>
/// <param name="Open">Open connections, idle or lent out.</param>
/// <param name="Idle">Connections waiting in the pool.</param>
/// <param name="Waiting">Callers waiting for a slot.</param>
public sealed record SmtpPoolCounts(int Open, int Idle, int Waiting);
